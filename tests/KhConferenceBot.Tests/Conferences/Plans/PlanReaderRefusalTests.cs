using System.IO.Compression;
using System.Text;
using KhConferenceBot.Conferences.Plans;

namespace KhConferenceBot.Tests.Plans;

/// <summary>Uploads are untrusted: whatever arrives gets a draft or a clear Vietnamese refusal, never an exception.</summary>
public sealed class PlanReaderRefusalTests
{
    private static PlanRefusal Refused(PlanReadResult result)
    {
        Assert.Null(result.Draft);
        Assert.NotNull(result.Refusal);
        return result.Refusal;
    }

    /// <summary>A .docx whose main part is <paramref name="documentXml"/>, plus whatever extra entries are asked for.</summary>
    private static byte[] Package(string? documentXml, int extraEntries = 0, int zeroBytes = 0)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            if (documentXml is not null)
            {
                using var writer = new StreamWriter(zip.CreateEntry("word/document.xml").Open());
                writer.Write(documentXml);
                if (zeroBytes > 0)
                {
                    writer.Flush();
                    writer.Write(new string(' ', zeroBytes));
                    writer.Write("</w:document>");
                }
            }

            for (var i = 0; i < extraEntries; i++)
            {
                zip.CreateEntry($"word/media/image{i}.png");
            }
        }

        return stream.ToArray();
    }

    private const string DocumentStart = """<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>""";

    [Fact]
    public void Read_DocxInflatingFarBeyondItsSize_RefusedAsTooLarge()
    {
        // 40 MB of spaces deflate to about 40 KB: a zip bomb in miniature.
        var bomb = Package(DocumentStart + "<w:p><w:r><w:t>", zeroBytes: 40 * 1024 * 1024);
        Assert.True(bomb.Length < PlanReader.MaxBytes);

        var refusal = Refused(PlanReader.Read(bomb));

        Assert.Contains("quá lớn", refusal.MessageVi, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DocxWhoseHeadersUnderstateTheSize_RefusedWithoutReadingPastTheLimit()
    {
        var bomb = Package(DocumentStart + "<w:p><w:r><w:t>", zeroBytes: 20 * 1024 * 1024);
        var lying = DeclareSize(bomb, "word/document.xml", 1000);

        var refusal = Refused(PlanReader.Read(lying));

        Assert.Matches("quá lớn|bị hỏng", refusal.MessageVi);
    }

    [Fact]
    public void Read_DocxWithThousandsOfParts_Refused()
    {
        var refusal = Refused(PlanReader.Read(Package(DocumentStart + "</w:body></w:document>", extraEntries: DocxPlanText.MaxEntries + 1)));

        Assert.Contains("quá lớn", refusal.MessageVi, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ZipWithoutAWordDocument_NotWordRefusal()
    {
        var refusal = Refused(PlanReader.Read(Package(documentXml: null, extraEntries: 1)));

        Assert.Contains("không phải văn bản Word", refusal.MessageVi, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PK\u0003\u0004 not really a zip")]
    [InlineData(DocumentStart + "<w:p><w:r><w:t>unclosed")]
    [InlineData("""<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&a;</w:document>""")]
    public void Read_DamagedDocx_DamagedRefusal(string content)
    {
        var bytes = content.StartsWith("PK", StringComparison.Ordinal) ? Encoding.ASCII.GetBytes(content) : Package(content);

        var refusal = Refused(PlanReader.Read(bytes));

        Assert.Contains("bị hỏng", refusal.MessageVi, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LargerThanTheLimit_RefusedUnread()
    {
        var refusal = Refused(PlanReader.Read(new byte[PlanReader.MaxBytes + 1]));

        Assert.Contains("quá lớn", refusal.MessageVi, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_EndlessUpload_StopsAtTheLimit()
    {
        await using var endless = new EndlessStream();

        var refusal = Refused(await PlanReader.ReadAsync(endless, CancellationToken.None));

        Assert.Contains("quá lớn", refusal.MessageVi, StringComparison.Ordinal);
        Assert.True(endless.Served <= PlanReader.MaxBytes + 81920);
    }

    [Fact]
    public void ReadText_TooManyLines_Refused()
    {
        var refusal = Refused(PlanReader.ReadText(string.Join('\n', Enumerable.Repeat("- dòng", PlanReader.MaxLines + 1))));

        Assert.Contains("dài quá", refusal.MessageVi, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadText_OneEndlessLine_RefusedWithItsNumber()
    {
        var refusal = Refused(PlanReader.ReadText("KẾ HOẠCH\n" + new string('a', PlanReader.MaxLineLength + 1)));

        Assert.Contains("Dòng 2", refusal.MessageVi, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }, ".doc")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37 }, "PDF")]
    [InlineData(new byte[] { 0x4B, 0xEA, 0x20, 0x68, 0x6F, 0x1F, 0x63, 0x68 }, "UTF-8")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00 }, "UTF-8")]
    public void Read_NotAPlanFormat_SaysWhatToSend(byte[] content, string named)
    {
        var refusal = Refused(PlanReader.Read(content));

        Assert.Contains(named, refusal.MessageVi, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n  ")]
    [InlineData("Kính gửi anh chị, xin gửi lại bảng lương tháng này.")]
    public void ReadText_NothingOfAPlan_NotRecognisedRefusal(string text)
    {
        var refusal = Refused(PlanReader.ReadText(text));

        Assert.Contains("Không nhận ra kế hoạch", refusal.MessageVi, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadText_Utf16WithBom_ReadLikeUtf8()
    {
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(PlanBuilder.SamplePlanText)).ToArray();

        var result = PlanReader.Read(utf16);

        Assert.Equal(9, result.Draft!.Agenda.Count);
    }

    [Fact]
    public void Read_MangledSeeds_NeverThrow()
    {
        // Truncations, shuffled lines, stray control and non-characters, bytes flipped: each must give a draft or a refusal.
        var seed = PlanBuilder.SeedText;
        var random = new Random(4417);
        var inputs = new List<byte[]>();
        for (var cut = 0; cut < seed.Length; cut += 97)
        {
            inputs.Add(Encoding.UTF8.GetBytes(seed[..cut]));
        }

        for (var i = 0; i < 30; i++)
        {
            var lines = seed.Split('\n').OrderBy(_ => random.Next()).ToArray();
            var text = string.Join('\n', lines).Replace("h", i % 2 == 0 ? "\uFFFE" : "h\t", StringComparison.Ordinal);
            inputs.Add(Encoding.UTF8.GetBytes(text));
            var bytes = Encoding.UTF8.GetBytes(seed);
            for (var flip = 0; flip < 20; flip++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            inputs.Add(bytes);
        }

        var docx = PlanBuilder.FromText(seed).ToDocx();
        for (var cut = 100; cut < docx.Length; cut += docx.Length / 25)
        {
            inputs.Add(docx[..cut]);
        }

        foreach (var input in inputs)
        {
            var result = PlanReader.Read(input);
            Assert.True(result.Draft is not null ^ result.Refusal is not null);
        }
    }

    /// <summary>Rewrites the uncompressed size an archive declares for one entry, in its local and central headers.</summary>
    private static byte[] DeclareSize(byte[] zip, string entryName, uint size)
    {
        var bytes = (byte[])zip.Clone();
        var name = Encoding.ASCII.GetBytes(entryName);
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var signature = BitConverter.ToUInt32(bytes, i);
            if (signature == 0x04034b50 && bytes.AsSpan(i + 30, name.Length).SequenceEqual(name))
            {
                BitConverter.GetBytes(size).CopyTo(bytes, i + 22);
            }
            else if (signature == 0x02014b50 && bytes.AsSpan(i + 46, name.Length).SequenceEqual(name))
            {
                BitConverter.GetBytes(size).CopyTo(bytes, i + 24);
            }
        }

        return bytes;
    }

    private sealed class EndlessStream : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)'a');
            Served += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
