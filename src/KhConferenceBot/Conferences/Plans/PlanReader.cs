using System.Text;

namespace KhConferenceBot.Conferences.Plans;

/// <summary>
/// Reads a conference plan (kế hoạch tổ chức hội nghị) uploaded as .docx or plain text into a <see cref="PlanDraft"/>
/// for the organizer to review. Both front ends turn the file into lines and hand them to one parser. Uploads are
/// untrusted: sizes and line counts are bounded, and anything unreadable gives a <see cref="PlanRefusal"/>, never an
/// exception.
/// </summary>
public static class PlanReader
{
    /// <summary>A plan is a few pages; 2 MB leaves room for a .docx with a logo.</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    public const int MaxLines = 5_000;

    /// <summary>The longest paragraph or table row kept whole; a plan's longest paragraph is well under this.</summary>
    public const int MaxLineLength = 8_000;

    /// <summary>Reads at most <see cref="MaxBytes"/> from an upload, then the plan; a larger upload is refused unread.</summary>
    public static async Task<PlanReadResult> ReadAsync(Stream upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await upload.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return Read(buffer.ToArray());
    }

    /// <summary>The format by content, not by name: a .docx is a ZIP package; anything else must be text.</summary>
    public static PlanReadResult Read(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        ReadOnlySpan<byte> head = content;
        if (content.Length > MaxBytes)
        {
            return TooLarge();
        }

        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            return ReadDocx(content);
        }

        if (head.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0 }))
        {
            return PlanReadResult.Refused(
                "Tệp Word 97-2003 (.doc) chưa được hỗ trợ. Hãy mở bằng Word, lưu lại thành .docx rồi gửi lại.",
                "Word 97-2003 files (.doc) are not supported. Open the file in Word, save it as .docx and resend it.");
        }

        if (head.StartsWith("%PDF"u8))
        {
            return PlanReadResult.Refused(
                "Tệp PDF chưa được hỗ trợ. Hãy gửi kế hoạch dạng .docx hoặc văn bản (.txt).",
                "PDF files are not supported. Send the plan as .docx or plain text (.txt).");
        }

        return Decode(content) is { } text
            ? ReadText(text)
            : PlanReadResult.Refused(
                "Tệp không phải văn bản đọc được (cần .docx, hoặc văn bản mã hóa UTF-8/Unicode). Nếu tệp dùng phông chữ cũ (TCVN3, VNI), hãy chuyển sang Unicode rồi gửi lại.",
                "The file is not readable text (send .docx, or text encoded as UTF-8/Unicode). If it uses an old font encoding (TCVN3, VNI), convert it to Unicode and resend it.");
    }

    public static PlanReadResult ReadDocx(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length > MaxBytes)
        {
            return TooLarge();
        }

        var (lines, refusal) = DocxPlanText.Read(content);
        return refusal is not null ? new PlanReadResult(null, refusal) : ReadLines(lines!);
    }

    public static PlanReadResult ReadText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxBytes)
        {
            return TooLarge();
        }

        return ReadLines(text.Split('\n'));
    }

    private static PlanReadResult ReadLines(IReadOnlyList<string> rawLines)
    {
        if (rawLines.Count > MaxLines)
        {
            return PlanReadResult.Refused(
                $"Kế hoạch dài quá {MaxLines} dòng; đây không giống một kế hoạch tổ chức hội nghị.",
                $"The plan has more than {MaxLines} lines; this does not look like a conference plan.");
        }

        var lines = new List<PlanLine>(rawLines.Count);
        for (var i = 0; i < rawLines.Count; i++)
        {
            if (rawLines[i].Length > MaxLineLength)
            {
                return PlanReadResult.Refused(
                    $"Dòng {i + 1} dài quá {MaxLineLength} ký tự; đây không giống một kế hoạch tổ chức hội nghị.",
                    $"Line {i + 1} is longer than {MaxLineLength} characters; this does not look like a conference plan.");
            }

            lines.Add(PlanLine.From(i + 1, rawLines[i].TrimEnd('\r')));
        }

        var draft = PlanParser.Parse(lines);
        return draft.Title is null && draft.Agenda.Count == 0 && draft.Dates.Count == 0 && draft.Venue is null && draft.Groups.Count == 0
            ? PlanReadResult.Refused(
                "Không nhận ra kế hoạch tổ chức hội nghị trong tệp này: không thấy tên hội nghị, thời gian, địa điểm, thành phần hay chương trình.",
                "No conference plan was recognised in this file: no title, date, venue, participants or agenda were found.")
            : PlanReadResult.Read(draft);
    }

    /// <summary>UTF-8 (with or without BOM) or UTF-16 with a BOM; null for anything else, such as legacy code pages or binary.</summary>
    private static string? Decode(byte[] content)
    {
        Encoding encoding = content switch
        {
            [0xFF, 0xFE, ..] => new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true),
            [0xFE, 0xFF, ..] => new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true),
            _ => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
        };
        var preamble = encoding.Preamble.Length > 0 && content.AsSpan().StartsWith(encoding.Preamble) ? encoding.Preamble.Length
            : content.AsSpan().StartsWith("\uFEFF"u8) ? 3
            : 0;
        try
        {
            var text = encoding.GetString(content, preamble, content.Length - preamble);
            return text.Contains('\0', StringComparison.Ordinal) ? null : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    internal static PlanReadResult TooLarge() => PlanReadResult.Refused(
        $"Tệp quá lớn (tối đa {MaxBytes / 1024 / 1024} MB). Một kế hoạch thường chỉ vài trang: hãy gửi bản không kèm hình ảnh lớn.",
        $"The file is too large (at most {MaxBytes / 1024 / 1024} MB). A plan is usually a few pages: send it without large images.");
}
