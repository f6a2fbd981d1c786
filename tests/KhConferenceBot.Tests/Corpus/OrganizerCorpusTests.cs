using System.Net.Http.Headers;
using System.Text;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Delegates;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Corpus;

/// <summary>
/// The bad-input corpus against the organizer API: delegate imports (CSV in every encoding, crafted XLSX, broken forms),
/// the other organizer endpoints, and links. Each gets its expected status and Vietnamese refusal, within the bound, and
/// a refused import stores nothing.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class OrganizerCorpusTests(AzuriteFixture storage, CorpusHost corpus) : IClassFixture<CorpusHost>
{
    private const string ImportPath = "/api/organizer/conferences/khanh-hoa-2023/delegates/import";

    public static TheoryData<string> ImportCases => CorpusCase.Names("imports");

    public static TheoryData<string> ApiCases => CorpusCase.Names("organizer");

    [Theory]
    [MemberData(nameof(ImportCases))]
    public async Task Import_CorpusCase_ExpectedOutcome(string name)
    {
        var c = CorpusCase.Get("imports", name);
        var host = await corpus.HostAsync(storage);
        var file = FileOf(c);
        using var client = CorpusHost.Client(host, organizer: true);
        using var content = Body(c, file);
        var (response, _) = await CorpusHost.SendAsync(host, c, () => client.PostAsync(new Uri(ImportPath, UriKind.Relative), content));
        response.Dispose();
    }

    [Theory]
    [MemberData(nameof(ApiCases))]
    public async Task Api_CorpusCase_ExpectedOutcome(string name)
    {
        var c = CorpusCase.Get("organizer", name);
        var host = await corpus.HostAsync(storage);
        using var client = CorpusHost.Client(host, organizer: c.Element("organizer")?.GetBoolean() != false);
        foreach (var header in c.Element("headers")?.EnumerateObject() ?? default)
        {
            client.DefaultRequestHeaders.Remove(header.Name);
            client.DefaultRequestHeaders.TryAddWithoutValidation(header.Name, header.Value.GetString());
        }

        using var request = new HttpRequestMessage(new HttpMethod(c.String("method") ?? "GET"), new Uri(c.String("path")!, UriKind.Relative));
        if (c.String("body") is { } body)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(c.String("contentType") ?? "application/json");
        }

        var (response, _) = await CorpusHost.SendAsync(host, c, () => client.SendAsync(request));
        response.Dispose();
    }

    /// <summary>The file bytes: text in the named encoding, base64, or a generated binary case.</summary>
    private static byte[] FileOf(CorpusCase c)
    {
        if (c.String("base64") is { } base64)
        {
            return Convert.FromBase64String(base64);
        }

        if (c.String("generate") is { } generator)
        {
            var count = c.Element("count")?.GetInt32() ?? 0;
            return generator switch
            {
                "xlsx-rows" => CraftedXlsx.ManyRows(count),
                "xlsx-inflating" => CraftedXlsx.InflatingSheet(XlsxSheetReader.MaxInflatedBytes + 1),
                "xlsx-lying-sizes" => CraftedXlsx.LyingSizes(XlsxSheetReader.MaxInflatedBytes + (1024 * 1024)),
                "xlsx-shared-strings" => CraftedXlsx.SharedStringFlood(count),
                "xlsx-entries" => CraftedXlsx.ManyEntries(count),
                "xlsx-unknown-compression" => CraftedXlsx.UnknownCompression(),
                "xlsx-inline" => CraftedXlsx.InlineRows([.. c.Element("rows")!.Value.EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetString()!).ToArray())]),
                "xlsx-sample-row" => DelegateTestData.Xlsx(["name", "position", "organisation", "group", "email", "district", "aadObjectId"], SampleRow.Split(',')),
                "csv-rows" => Encoding.UTF8.GetBytes(DelegateTestData.EnglishHeader + "\r\n" + string.Concat(Enumerable.Range(0, count).Select(i => $"Đại biểu {i},,,so-nganh,db{i}@khanhhoa.example,,\r\n"))),
                "csv-over-limit" => [.. Encoding.UTF8.GetBytes(DelegateTestData.EnglishHeader + "\r\n"), .. Enumerable.Repeat((byte)'a', DelegateFileReader.MaxBytes + (128 * 1024))],
                _ => throw new InvalidDataException("Unknown generator " + generator),
            };
        }

        var text = c.String("csv") ?? "";
        return c.String("encoding") switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf-16le-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            "utf-16be-bom" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
            "utf-16be" => Encoding.BigEndianUnicode.GetBytes(text),
            "latin1" => Encoding.Latin1.GetBytes(text),
            _ => Encoding.UTF8.GetBytes(text),
        };
    }

    /// <summary>A sample delegate exactly as the sample list has them: importing it again changes nothing.</summary>
    private const string SampleRow = "Nguyễn Văn Hùng,Phó Giám đốc,Sở Kế hoạch và Đầu tư,so-nganh,hung.nguyen@khanhhoa.example,,00000000-0000-0000-0000-0000000000a1";

    private static HttpContent Body(CorpusCase c, byte[] file)
    {
        var contentType = c.String("contentType") ?? (file.AsSpan().StartsWith("PK"u8) ? DelegateFileReader.XlsxContentType : "text/csv");
        switch (c.String("send") ?? "raw")
        {
            case "multipart":
            {
                var form = new MultipartFormDataContent("corpus-boundary");
                var part = new ByteArrayContent(file);
                part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
                form.Add(part, "file", c.String("fileName") ?? "đại-biểu.csv");
                return form;
            }

            case "multipart-no-file":
            {
                var form = new MultipartFormDataContent("corpus-boundary");
                form.Add(new StringContent("Nguyễn Văn Hùng"), "name");
                return form;
            }

            case "multipart-truncated" or "multipart-bad-boundary":
            {
                // A form cut off mid-file (the client died), or one whose parts use another boundary than the header names.
                var boundary = c.String("send") == "multipart-bad-boundary" ? "another-boundary" : "corpus-boundary";
                var head = Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"dai-bieu.csv\"\r\nContent-Type: text/csv\r\n\r\n");
                var tail = c.String("send") == "multipart-bad-boundary" ? Encoding.UTF8.GetBytes($"\r\n--{boundary}--\r\n") : [];
                var raw = new ByteArrayContent([.. head, .. file.AsSpan(0, file.Length / 2), .. tail]);
                raw.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=corpus-boundary");
                return raw;
            }

            default:
            {
                var raw = new ByteArrayContent(file);
                raw.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                return raw;
            }
        }
    }
}
