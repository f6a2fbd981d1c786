using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ClosedXML.Excel;
using KhConferenceBot.Api;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Delegates;

/// <summary>The organizer API in local mode (X-Organizer-Key) on the real host.</summary>
[Collection(StorageCollection.Name)]
public sealed class OrganizerApiTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Key = "local-organizer-key-0123456789";
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Organizer:LocalApiKey"] = Key });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private HttpClient Client(string? key = Key) => _host.CreateOrganizerClient(key);

    [Fact]
    public async Task Import_WrongKey_401AndNothingWritten()
    {
        using var content = new ByteArrayContent(DelegateTestData.Csv(DelegateTestData.Lines(DelegateTestData.EnglishHeader, "Kẻ Lạ,,,vcci,intruder@khanhhoa.example,,")));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        using var response = await Client("not-the-organizer-key-at-all").PostAsync(new Uri("/api/organizer/conferences/khanh-hoa-2023/delegates/import", UriKind.Relative), content);

        await OrganizerApiClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Null(await _host.Service<IDelegateStore>().GetAsync("khanh-hoa-2023", "intruder@khanhhoa.example", CancellationToken.None));
    }

    [Fact]
    public async Task List_ValidKey_HasTheSampleDelegates()
    {
        using var response = await Client().GetAsync(new Uri("/api/organizer/conferences/khanh-hoa-2023/delegates", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = JsonSerializer.Deserialize<List<DelegateListItem>>(await response.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
        var organizer = Assert.Single(list, d => d.AadObjectId == TestUsers.Organizer.AadObjectId);
        Assert.Equal(("Trần Thị Mai Anh", "ban-chi-dao", "summoned"), (organizer.Name, organizer.GroupId, organizer.Category));
    }

    [Fact]
    public async Task SampleDelegates_LocalMode_EveryPlaygroundUserIsADelegate()
    {
        var store = _host.Service<IDelegateStore>();
        foreach (var user in new[] { TestUsers.Organizer, TestUsers.Hung, TestUsers.ThuHa, TestUsers.Tuan, TestUsers.NgocLan })
        {
            var found = await store.FindByAadObjectIdAsync("khanh-hoa-2023", user.AadObjectId, CancellationToken.None);
            Assert.Equal(user.Name, found?.Name);
        }

        Assert.Null(await store.FindByAadObjectIdAsync("khanh-hoa-2023", TestUsers.Stranger.AadObjectId, CancellationToken.None));
        Assert.Equal(41, (await store.ListAsync("khanh-hoa-2023", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Import_RawCsv_ReturnsReportAndRejectsBadRows()
    {
        using var content = new ByteArrayContent(DelegateTestData.Csv(DelegateTestData.Lines(
            DelegateTestData.VietnameseHeader,
            "Nguyễn Văn An;Giám đốc;Sở Tư pháp;so-nganh;an@khanhhoa.example;;",
            "Không Nhóm;Giám đốc;Sở Tư pháp;nhom-la;khongnhom@khanhhoa.example;;"), bom: true));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        using var response = await Client().PostAsync(new Uri("/api/organizer/conferences/khanh-hoa-2023/delegates/import", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(1, report.RootElement.GetProperty("added").GetInt32());
        var rejected = Assert.Single(report.RootElement.GetProperty("rejected").EnumerateArray());
        Assert.Equal(3, rejected.GetProperty("row").GetInt32());
        Assert.StartsWith("Nhóm \"nhom-la\" không có trong kế hoạch hội nghị. Các nhóm trong kế hoạch: ", rejected.GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_EveryImportSlotTaken_503WithRetryAfterAndNothingStored()
    {
        var gate = _host.Service<DelegateImportGate>();
        var slots = Enumerable.Range(0, DelegateImportGate.MaxConcurrentImports).Select(_ => gate.TryEnter()).ToList();
        Assert.All(slots, Assert.NotNull);
        var csv = DelegateTestData.Csv(DelegateTestData.Lines(DelegateTestData.EnglishHeader, "Người Chờ,,,vcci,cho@khanhhoa.example,,"));

        using var busy = await PostCsvAsync(csv);

        await OrganizerApiClient.AssertProblemAsync(busy, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(busy.Headers.RetryAfter);
        Assert.Null(await _host.Service<IDelegateStore>().GetAsync("khanh-hoa-2023", "cho@khanhhoa.example", CancellationToken.None));

        slots.ForEach(s => s!.Dispose());
        using var free = await PostCsvAsync(csv);
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
    }

    [Fact]
    public async Task Import_MultipartCutOffMidFile_400Problem()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(
            "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"dai-bieu.csv\"\r\nContent-Type: text/csv\r\n\r\nname,group,email\r\nNguyễn Văn"));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");

        using var response = await Client().PostAsync(new Uri("/api/organizer/conferences/khanh-hoa-2023/delegates/import", UriKind.Relative), content);

        await OrganizerApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Import_Utf16BigEndianWithBom_ReadsVietnamese()
    {
        var text = DelegateTestData.Lines(DelegateTestData.VietnameseHeader, "Đặng Thị Yến;Chuyên viên;Sở Nội vụ;so-nganh;yen.dang@khanhhoa.example;;");

        using var response = await PostCsvAsync([.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await _host.Service<IDelegateStore>().GetAsync("khanh-hoa-2023", "yen.dang@khanhhoa.example", CancellationToken.None);
        Assert.Equal("Đặng Thị Yến", stored?.Name);
    }

    private async Task<HttpResponseMessage> PostCsvAsync(byte[] csv)
    {
        using var content = new ByteArrayContent(csv);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return await Client().PostAsync(new Uri("/api/organizer/conferences/khanh-hoa-2023/delegates/import", UriKind.Relative), content);
    }

    [Fact]
    public async Task Import_MultipartXlsx_ThenSameFileAgain_Unchanged()
    {
        var xlsx = DelegateTestData.Xlsx(
            ["name", "position", "organisation", "group", "email"],
            ["Nguyễn Văn An", "Giám đốc", "Sở Tư pháp", "so-nganh", "an@khanhhoa.example"]);

        async Task<JsonDocument> PostAsync()
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(xlsx);
            file.Headers.ContentType = new MediaTypeHeaderValue(DelegateFileReader.XlsxContentType);
            form.Add(file, "file", "dai-bieu.xlsx");
            using var response = await Client().PostAsync(new Uri("/api/organizer/conferences/khanh-hoa-2023/delegates/import", UriKind.Relative), form);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        }

        using var first = await PostAsync();
        using var second = await PostAsync();

        Assert.Equal("Xlsx", first.RootElement.GetProperty("format").GetString());
        Assert.Equal(1, first.RootElement.GetProperty("added").GetInt32());
        Assert.Equal((0, 0, 1), (second.RootElement.GetProperty("added").GetInt32(), second.RootElement.GetProperty("updated").GetInt32(), second.RootElement.GetProperty("unchanged").GetInt32()));
    }

    [Fact]
    public async Task Import_UnreadableFile_400ProblemInVietnamese()
    {
        using var content = new ByteArrayContent(DelegateTestData.Csv("ho ten,email\nA,a@b.example\n"));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        using var response = await Client().PostAsync(new Uri("/api/organizer/conferences/khanh-hoa-2023/delegates/import", UriKind.Relative), content);

        await OrganizerApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("Dòng tiêu đề thiếu cột", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_WrongContentType_415()
    {
        using var content = new StringContent("{}", Encoding.UTF8, "application/json");

        using var response = await Client().PostAsync(new Uri("/api/organizer/conferences/khanh-hoa-2023/delegates/import", UriKind.Relative), content);

        await OrganizerApiClient.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task AttendanceCsv_ValidKey_BomAndVietnameseSampleNames()
    {
        using var response = await Client().GetAsync(new Uri("/api/organizer/conferences/khanh-hoa-2023/attendance.csv", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("Họ và tên,Chức vụ,Cơ quan,Nhóm,Thành phần,Trả lời", text, StringComparison.Ordinal);
        Assert.Contains("Lê Thị Thu Hà,Chánh Văn phòng HĐND và UBND,UBND thị xã Ninh Hòa", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttendanceXlsx_ValidKey_OpensWithClosedXml()
    {
        using var response = await Client().GetAsync(new Uri("/api/organizer/conferences/khanh-hoa-2023/attendance.xlsx", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var sheet = workbook.Worksheet(1);
        Assert.Equal("Họ và tên", sheet.Cell(1, 1).GetString());
        Assert.Equal(42, sheet.LastRowUsed()!.RowNumber());
        Assert.Contains(Enumerable.Range(2, 41), r => sheet.Cell(r, 1).GetString() == "Võ Thị Ngọc Lan");
    }
}
