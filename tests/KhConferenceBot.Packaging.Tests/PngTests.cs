using System.Buffers.Binary;
using System.IO.Compression;

namespace KhConferenceBot.Packaging.Tests;

public sealed class PngTests
{
    [Theory]
    [InlineData(0, 3)]
    [InlineData(1, 3)]
    [InlineData(2, 4)]
    [InlineData(3, 4)]
    [InlineData(4, 3)]
    [InlineData(4, 4)]
    public void Decode_RowFilter_ReturnsOriginalPixels(byte filter, int channels)
    {
        const int width = 5, height = 4;
        var pixels = new byte[width * height * channels];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((i * 37) + (i / 7 * 101));
        }

        var image = Png.Decode(Encode(width, height, channels, pixels, filter));

        Assert.Equal((width, height, channels == 4), (image.Width, image.Height, image.HasAlpha));
        for (var i = 0; i < width * height; i++)
        {
            Assert.Equal(pixels.AsSpan(i * channels, 3).ToArray(), image.Rgba.AsSpan(i * 4, 3).ToArray());
            Assert.Equal(channels == 4 ? pixels[(i * channels) + 3] : 255, image.Rgba[(i * 4) + 3]);
        }
    }

    [Fact]
    public void Decode_NotPng_Throws()
    {
        Assert.Throws<InvalidDataException>(() => Png.Decode("GIF89a......."u8.ToArray()));
    }

    private static byte[] Encode(int width, int height, int channels, byte[] pixels, byte filter)
    {
        var stride = width * channels;
        var raw = new byte[height * (stride + 1)];
        for (var y = 0; y < height; y++)
        {
            raw[y * (stride + 1)] = filter;
            for (var x = 0; x < stride; x++)
            {
                int a = x >= channels ? pixels[(y * stride) + x - channels] : 0;
                int b = y > 0 ? pixels[((y - 1) * stride) + x] : 0;
                int c = x >= channels && y > 0 ? pixels[((y - 1) * stride) + x - channels] : 0;
                var p = a + b - c;
                var predictor = filter switch
                {
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Math.Abs(p - a) <= Math.Abs(p - b) && Math.Abs(p - a) <= Math.Abs(p - c) ? a : Math.Abs(p - b) <= Math.Abs(p - c) ? b : c,
                    _ => 0,
                };
                raw[(y * (stride + 1)) + 1 + x] = (byte)(pixels[(y * stride) + x] - predictor);
            }
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = 8;
        ihdr[9] = (byte)(channels == 4 ? 6 : 2);

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR", ihdr);
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    // The decoder ignores CRCs, so the test writes zeros there.
    private static void WriteChunk(Stream stream, string type, byte[] body)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)body.Length);
        stream.Write(length);
        stream.Write(System.Text.Encoding.ASCII.GetBytes(type));
        stream.Write(body);
        stream.Write([0, 0, 0, 0]);
    }
}
