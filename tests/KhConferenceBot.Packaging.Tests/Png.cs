using System.Buffers.Binary;
using System.IO.Compression;

namespace KhConferenceBot.Packaging.Tests;

/// <summary>Pixels as RGBA, row by row.</summary>
internal sealed record PngImage(int Width, int Height, bool HasAlpha, byte[] Rgba)
{
    public (byte R, byte G, byte B, byte A) this[int x, int y]
    {
        get
        {
            var i = ((y * Width) + x) * 4;
            return (Rgba[i], Rgba[i + 1], Rgba[i + 2], Rgba[i + 3]);
        }
    }
}

/// <summary>
/// Just enough PNG to check the app icons without an imaging package: 8-bit RGB or RGBA,
/// not interlaced, all five row filters. Anything else is rejected rather than misread.
/// </summary>
internal static class Png
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static PngImage Decode(byte[] data)
    {
        if (data.Length < Signature.Length || !data.AsSpan(0, Signature.Length).SequenceEqual(Signature))
        {
            throw new InvalidDataException("not a PNG file");
        }

        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        var offset = Signature.Length;
        var sawEnd = false;
        while (!sawEnd)
        {
            if (offset + 12 > data.Length)
            {
                throw new InvalidDataException("truncated chunk");
            }

            var length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset)));
            var type = System.Text.Encoding.ASCII.GetString(data, offset + 4, 4);
            var body = data.AsSpan(offset + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = checked((int)BinaryPrimitives.ReadUInt32BigEndian(body));
                    height = checked((int)BinaryPrimitives.ReadUInt32BigEndian(body[4..]));
                    var (bitDepth, colorType, interlace) = (body[8], body[9], body[12]);
                    if (bitDepth != 8 || interlace != 0 || colorType is not (2 or 6))
                    {
                        throw new NotSupportedException($"bit depth {bitDepth}, colour type {colorType}, interlace {interlace}");
                    }

                    channels = colorType == 6 ? 4 : 3;
                    break;
                case "IDAT":
                    idat.Write(body);
                    break;
                case "IEND":
                    sawEnd = true;
                    break;
                default:
                    break;
            }

            offset += 12 + length;
        }

        if (channels == 0)
        {
            throw new InvalidDataException("no IHDR chunk");
        }

        var stride = width * channels;
        var raw = new byte[height * (stride + 1)];
        idat.Position = 0;
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.ReadExactly(raw);
        }

        var pixels = Unfilter(raw, height, stride, channels);
        var rgba = new byte[width * height * 4];
        for (var i = 0; i < width * height; i++)
        {
            rgba[(i * 4) + 0] = pixels[(i * channels) + 0];
            rgba[(i * 4) + 1] = pixels[(i * channels) + 1];
            rgba[(i * 4) + 2] = pixels[(i * channels) + 2];
            rgba[(i * 4) + 3] = channels == 4 ? pixels[(i * channels) + 3] : (byte)255;
        }

        return new PngImage(width, height, channels == 4, rgba);
    }

    private static byte[] Unfilter(byte[] raw, int height, int stride, int bpp)
    {
        var result = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var source = raw.AsSpan((y * (stride + 1)) + 1, stride);
            var row = result.AsSpan(y * stride, stride);
            ReadOnlySpan<byte> previous = y == 0 ? new byte[stride] : result.AsSpan((y - 1) * stride, stride);
            for (var x = 0; x < stride; x++)
            {
                int a = x >= bpp ? row[x - bpp] : 0;
                int b = previous[x];
                int c = x >= bpp ? previous[x - bpp] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"unknown row filter {filter}"),
                };
                row[x] = (byte)(source[x] + predictor);
            }
        }

        return result;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
