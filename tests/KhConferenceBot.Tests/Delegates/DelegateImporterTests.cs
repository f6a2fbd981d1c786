using System.Text;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Tests.Delegates;

public sealed class DelegateImporterTests
{
    private readonly InMemoryDelegateStore _store = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
    private readonly Conference _conference = DelegateTestData.Conference();

    private DelegateImporter Importer => new(_store, _time, NullLogger<DelegateImporter>.Instance);

    private Task<DelegateImportReport> ImportAsync(byte[] content) =>
        Importer.ImportAsync(_conference, content, DelegateFileReader.DetectFormat(content), CancellationToken.None);

    private async Task<ConferenceDelegate> StoredAsync(string email) =>
        await _store.GetAsync(_conference.Id, email, CancellationToken.None) ?? throw new InvalidOperationException(email + " not stored");

    [Fact]
    public async Task Import_GoodEnglishCsv_AddsEveryRowWithCategoryFromGroup()
    {
        var csv = DelegateTestData.Csv(DelegateTestData.Lines(
            DelegateTestData.EnglishHeader,
            "Nguyễn Văn An,Giám đốc,Sở Tư pháp,so-nganh,An.Nguyen@KhanhHoa.example,,",
            "Trần Thị Bình,Phó Chủ tịch,VCCI Khánh Hòa,vcci,binh.tran@khanhhoa.example,,00000000-0000-0000-0000-0000000000B1"));

        var report = await ImportAsync(csv);

        Assert.Equal((2, 2, 0, 0), (report.Rows, report.Added, report.Updated, report.Unchanged));
        Assert.Empty(report.Rejected);
        Assert.True(report.Complete);
        var an = await StoredAsync("an.nguyen@khanhhoa.example");
        Assert.Equal(("Nguyễn Văn An", "so-nganh", DelegateCategory.Summoned), (an.Name, an.GroupId, an.Category));
        var binh = await StoredAsync("binh.tran@khanhhoa.example");
        Assert.Equal(DelegateCategory.Invited, binh.Category);
        Assert.Equal("00000000-0000-0000-0000-0000000000b1", binh.AadObjectId);
        Assert.Equal(_time.GetUtcNow(), binh.UpdatedAt);
    }

    [Fact]
    public async Task Import_SemicolonCsvWithVietnameseHeadersAndBom_ReadsEveryColumn()
    {
        var csv = DelegateTestData.Csv(DelegateTestData.Lines(
            DelegateTestData.VietnameseHeader,
            "Lê Văn Cường;Phó Chủ tịch UBND;UBND huyện Cam Lâm;huyen;cuong.le@khanhhoa.example;huyện cam lâm;"), bom: true);

        var report = await ImportAsync(csv);

        Assert.Equal(1, report.Added);
        var cuong = await StoredAsync("cuong.le@khanhhoa.example");
        Assert.Equal(("Phó Chủ tịch UBND", "UBND huyện Cam Lâm", "Huyện Cam Lâm"), (cuong.Position, cuong.Organisation, cuong.District));
        Assert.DoesNotContain('\uFEFF', cuong.Name);
    }

    [Fact]
    public async Task Import_GroupByVietnameseName_MapsToGroupId()
    {
        var csv = DelegateTestData.Csv(DelegateTestData.Lines(
            "Họ và tên,Nhóm,Email",
            "Phan Thị Duyên,VCCI Khánh Hòa,duyen@khanhhoa.example",
            "\"Võ Văn Em\",\"Thường trực Hội đồng nhân dân tỉnh\",em@khanhhoa.example"));

        var report = await ImportAsync(csv);

        Assert.Empty(report.Rejected);
        Assert.Equal("vcci", (await StoredAsync("duyen@khanhhoa.example")).GroupId);
        Assert.Equal("hdnd", (await StoredAsync("em@khanhhoa.example")).GroupId);
    }

    [Fact]
    public async Task Import_UnknownGroup_ListsEveryGroupOfThePlanByName()
    {
        var csv = DelegateTestData.Csv(DelegateTestData.Lines(
            "Họ và tên,Nhóm,Email",
            "Phan Thị Duyên,Nhóm lạ,duyen@khanhhoa.example"));

        var report = await ImportAsync(csv);

        var rejected = Assert.Single(report.Rejected);
        var reason = Assert.Single(rejected.Reasons);
        var english = Assert.Single(rejected.ReasonsEn);
        Assert.StartsWith("Nhóm \"Nhóm lạ\" không có trong kế hoạch hội nghị. Các nhóm trong kế hoạch: ", reason, StringComparison.Ordinal);
        Assert.All(_conference.Groups, g => Assert.Contains(g.Name.Vi, reason, StringComparison.Ordinal));
        Assert.All(_conference.Groups, g => Assert.Contains(g.Name.Get(Language.En), english, StringComparison.Ordinal));
        Assert.DoesNotContain(_conference.Groups, g => reason.Contains(g.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Import_SampleDelegates_EveryRowTakenByThePlansGroupName()
    {
        var conference = _conference;
        var csv = await File.ReadAllBytesAsync(Path.Combine(TestPaths.RepoRoot, "samples", "khanh-hoa-2023", "delegates.csv"));
        var groupColumn = Encoding.UTF8.GetString(csv).Split('\n')[1];

        var report = await Importer.ImportAsync(conference, csv, DelegateFileReader.DetectFormat(csv), CancellationToken.None);

        Assert.Empty(report.Rejected);
        Assert.Equal(report.Rows, report.Added);
        Assert.Contains(conference.FindGroup("ban-chi-dao")!.Name.Vi, groupColumn, StringComparison.Ordinal);
        Assert.DoesNotContain(",ban-chi-dao,", groupColumn, StringComparison.Ordinal);
        var stored = await _store.ListAsync(conference.Id, CancellationToken.None);
        Assert.Equal(conference.Groups.Select(g => g.Id).Order(), stored.Select(d => d.GroupId).Distinct().Order());
    }

    [Fact]
    public async Task Import_GroupNameWithoutDiacritics_MapsToGroupId()
    {
        var csv = DelegateTestData.Csv(DelegateTestData.Lines(
            "Họ và tên,Nhóm,Email",
            "Phan Thị Duyên,thuong truc hoi dong nhan dan tinh,duyen@khanhhoa.example"));

        var report = await ImportAsync(csv);

        Assert.Empty(report.Rejected);
        Assert.Equal("hdnd", (await StoredAsync("duyen@khanhhoa.example")).GroupId);
    }

    [Fact]
    public async Task Import_NfdInput_IsStoredNfc()
    {
        var nfd = "Nguyễn Thị Hường".Normalize(NormalizationForm.FormD);
        var csv = DelegateTestData.Csv(DelegateTestData.Lines(
            "name,group,email,organisation",
            $"{nfd},so-nganh,huong@khanhhoa.example,{"Sở Y tế".Normalize(NormalizationForm.FormD)}"));

        await ImportAsync(csv);

        var huong = await StoredAsync("huong@khanhhoa.example");
        Assert.Equal("Nguyễn Thị Hường", huong.Name);
        Assert.True(huong.Name.IsNormalized(NormalizationForm.FormC));
        Assert.Equal("Sở Y tế", huong.Organisation);
    }

    [Fact]
    public async Task Import_NfdThenNfcOfSameFile_SecondIsUnchanged()
    {
        const string line = "Đỗ Thị Ánh Tuyết,Phó Giám đốc,Sở Nội vụ,so-nganh,tuyet@khanhhoa.example,,";
        await ImportAsync(DelegateTestData.Csv(DelegateTestData.Lines(DelegateTestData.EnglishHeader, line.Normalize(NormalizationForm.FormD))));

        var second = await ImportAsync(DelegateTestData.Csv(DelegateTestData.Lines(DelegateTestData.EnglishHeader, line)));

        Assert.Equal((0, 0, 1), (second.Added, second.Updated, second.Unchanged));
    }

    [Fact]
    public async Task Import_SameFileTwice_SecondChangesNothing()
    {
        var csv = DelegateTestData.Csv(DelegateTestData.Lines(
            DelegateTestData.EnglishHeader,
            "Nguyễn Văn An,Giám đốc,Sở Tư pháp,so-nganh,an@khanhhoa.example,,",
            "Trần Thị Bình,Phó Chủ tịch,VCCI Khánh Hòa,vcci,binh@khanhhoa.example,,"));
        await ImportAsync(csv);
        var callsAfterFirst = _store.UpsertCalls;
        _time.Advance(TimeSpan.FromHours(1));

        var second = await ImportAsync(csv);

        Assert.Equal((0, 0, 2), (second.Added, second.Updated, second.Unchanged));
        Assert.Equal(callsAfterFirst, _store.UpsertCalls);
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromHours(1), (await StoredAsync("an@khanhhoa.example")).UpdatedAt);
    }

    [Fact]
    public async Task Import_ChangedPosition_UpdatesOnlyThatRowAndKeepsLearnedObjectId()
    {
        await ImportAsync(DelegateTestData.Csv(DelegateTestData.Lines(DelegateTestData.EnglishHeader,
            "Nguyễn Văn An,Phó Giám đốc,Sở Tư pháp,so-nganh,an@khanhhoa.example,,00000000-0000-0000-0000-0000000000c1",
            "Trần Thị Bình,Phó Chủ tịch,VCCI Khánh Hòa,vcci,binh@khanhhoa.example,,")));

        var report = await ImportAsync(DelegateTestData.Csv(DelegateTestData.Lines(DelegateTestData.EnglishHeader,
            "Nguyễn Văn An,Giám đốc,Sở Tư pháp,so-nganh,an@khanhhoa.example,,",
            "Trần Thị Bình,Phó Chủ tịch,VCCI Khánh Hòa,vcci,binh@khanhhoa.example,,")));

        Assert.Equal((0, 1, 1), (report.Added, report.Updated, report.Unchanged));
        var an = await StoredAsync("an@khanhhoa.example");
        Assert.Equal("Giám đốc", an.Position);
        Assert.Equal("00000000-0000-0000-0000-0000000000c1", an.AadObjectId);
    }

    [Fact]
    public async Task Import_MixedFile_WritesGoodRowsAndListsBadOnesWithRowAndVietnameseReason()
    {
        var csv = DelegateTestData.Csv(DelegateTestData.Lines(
            DelegateTestData.EnglishHeader,
            "Nguyễn Văn An,Giám đốc,Sở Tư pháp,so-nganh,an@khanhhoa.example,,",
            ",Giám đốc,Sở Y tế,so-nganh,noname@khanhhoa.example,,",
            "Lê Bad Mail,Chuyên viên,Sở Y tế,so-nganh,not-an-email,,",
            "Lê Ghost Group,Chuyên viên,Sở Y tế,ban-khong-co,ghost@khanhhoa.example,,",
            "Lê Bad Guid,Chuyên viên,Sở Y tế,so-nganh,guid@khanhhoa.example,,xyz",
            "",
            "Trần Thị Bình,Phó Chủ tịch,VCCI Khánh Hòa,vcci,binh@khanhhoa.example,,"));

        var report = await ImportAsync(csv);

        Assert.Equal(6, report.Rows);
        Assert.Equal(2, report.Added);
        Assert.Equal([3, 4, 5, 6], report.Rejected.Select(r => r.Row));
        Assert.Contains("Thiếu họ và tên.", report.Rejected[0].Reasons);
        Assert.Contains("Email \"not-an-email\" không hợp lệ.", report.Rejected[1].Reasons);
        Assert.StartsWith("Nhóm \"ban-khong-co\" không có trong kế hoạch hội nghị.", Assert.Single(report.Rejected[2].Reasons), StringComparison.Ordinal);
        Assert.Contains("aadObjectId \"xyz\" không phải là mã GUID.", report.Rejected[3].Reasons);
        Assert.Null(await _store.GetAsync(_conference.Id, "ghost@khanhhoa.example", CancellationToken.None));
        Assert.NotNull(await _store.GetAsync(_conference.Id, "binh@khanhhoa.example", CancellationToken.None));
    }

    [Theory]
    [InlineData("a@b")]
    [InlineData("a b@khanhhoa.example")]
    [InlineData("Nguyễn <an@khanhhoa.example>")]
    [InlineData("an@@khanhhoa.example")]
    [InlineData("an@khanhhoa..example")]
    [InlineData("nguyễn@khanhhoa.example")]
    [InlineData("an@khanhhoa.example,binh@khanhhoa.example")]
    public void IsValidEmail_BadAddress_False(string email) => Assert.False(DelegateImporter.IsValidEmail(email));

    [Theory]
    [InlineData("an.nguyen@khanhhoa.gov.vn")]
    [InlineData("an+hoinghi@khanhhoa.example")]
    public void IsValidEmail_GoodAddress_True(string email) => Assert.True(DelegateImporter.IsValidEmail(email));

    [Fact]
    public async Task Import_DuplicateEmailInFile_RejectsEveryCopyNamingTheOtherRows()
    {
        var csv = DelegateTestData.Csv(DelegateTestData.Lines(
            DelegateTestData.EnglishHeader,
            "Nguyễn Văn An,Giám đốc,Sở Tư pháp,so-nganh,an@khanhhoa.example,,",
            "Nguyễn Văn Ân,Phó Giám đốc,Sở Tư pháp,so-nganh,AN@khanhhoa.example,,",
            "Trần Thị Bình,Phó Chủ tịch,VCCI Khánh Hòa,vcci,binh@khanhhoa.example,,"));

        var report = await ImportAsync(csv);

        Assert.Equal(1, report.Added);
        Assert.Equal([2, 3], report.Rejected.Select(r => r.Row));
        Assert.Contains("Email trùng với dòng 3.", report.Rejected[0].Reasons);
        Assert.Contains("Email trùng với dòng 2.", report.Rejected[1].Reasons);
        Assert.Null(await _store.GetAsync(_conference.Id, "an@khanhhoa.example", CancellationToken.None));
    }

    [Fact]
    public async Task Import_ObjectIdOwnedByAnotherStoredDelegate_Rejected()
    {
        await ImportAsync(DelegateTestData.Csv(DelegateTestData.Lines(DelegateTestData.EnglishHeader,
            "Nguyễn Văn An,Giám đốc,Sở Tư pháp,so-nganh,an@khanhhoa.example,,00000000-0000-0000-0000-0000000000c1")));

        var report = await ImportAsync(DelegateTestData.Csv(DelegateTestData.Lines(DelegateTestData.EnglishHeader,
            "Người Khác,Giám đốc,Sở Tư pháp,so-nganh,other@khanhhoa.example,,00000000-0000-0000-0000-0000000000C1")));

        var rejected = Assert.Single(report.Rejected);
        Assert.StartsWith("aadObjectId đã thuộc về đại biểu khác (Nguyễn Văn An", rejected.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_Xlsx_ReadsLikeCsvWithSheetRowNumbers()
    {
        var xlsx = DelegateTestData.Xlsx(
            ["Họ và tên", "Chức vụ", "Cơ quan", "Nhóm", "Email", "Địa phương"],
            ["Nguyễn Văn An", "Giám đốc", "Sở Tư pháp", "so-nganh", "an@khanhhoa.example", ""],
            ["Trần Thị Bình".Normalize(NormalizationForm.FormD), "Phó Chủ tịch", "VCCI Khánh Hòa", "vcci", "binh@khanhhoa.example", ""],
            ["Sai Nhóm", "Chuyên viên", "Sở Y tế", "nhom-la", "sai@khanhhoa.example", ""]);

        var report = await ImportAsync(xlsx);

        Assert.Equal(DelegateFileFormat.Xlsx, report.Format);
        Assert.Equal(2, report.Added);
        Assert.Equal(4, Assert.Single(report.Rejected).Row);
        Assert.Equal("Trần Thị Bình", (await StoredAsync("binh@khanhhoa.example")).Name);
    }

    [Fact]
    public async Task Import_MissingGroupColumn_WholeFileRefusedInVietnamese()
    {
        var csv = DelegateTestData.Csv(DelegateTestData.Lines("name,email", "Nguyễn Văn An,an@khanhhoa.example"));

        var ex = await Assert.ThrowsAsync<DelegateFileException>(() => ImportAsync(csv));

        Assert.Contains("\"Nhóm\"", ex.MessageVi, StringComparison.Ordinal);
        Assert.Equal(0, _store.UpsertCalls);
    }

    [Fact]
    public async Task Import_NotUtf8_RefusedWithSaveAsHint()
    {
        var windows1252 = new byte[] { (byte)'n', (byte)'a', (byte)'m', (byte)'e', (byte)'\n', 0xC0, 0xE0, (byte)'\n' };

        var ex = await Assert.ThrowsAsync<DelegateFileException>(() => ImportAsync(windows1252));

        Assert.Contains("UTF-8", ex.MessageVi, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_DamagedXlsx_RefusedNotThrownRaw()
    {
        byte[] zipHeaderOnly = [(byte)'P', (byte)'K', 3, 4, 0, 0, 0, 0];

        var ex = await Assert.ThrowsAsync<DelegateFileException>(() => ImportAsync(zipHeaderOnly));

        Assert.Contains("Excel", ex.MessageVi, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_StorageFailsOnSecondBatch_ReportsWhatWasAndWasNotWritten()
    {
        var lines = new List<string> { DelegateTestData.EnglishHeader };
        for (var i = 0; i < 250; i++)
        {
            lines.Add($"Đại biểu {i},Chuyên viên,Sở Nội vụ,so-nganh,db{i:000}@khanhhoa.example,,");
        }

        _store.FailOnCall = 2;

        var report = await ImportAsync(DelegateTestData.Csv(DelegateTestData.Lines([.. lines])));

        Assert.False(report.Complete);
        Assert.Equal(100, report.Added);
        Assert.Equal(150, report.NotWritten.Count);
        Assert.Equal(102, report.NotWritten[0].Row);
        Assert.Contains("nhập lại", report.Summary, StringComparison.Ordinal);

        _store.FailOnCall = 0;
        var retry = await ImportAsync(DelegateTestData.Csv(DelegateTestData.Lines([.. lines])));
        Assert.Equal((150, 100, true), (retry.Added, retry.Unchanged, retry.Complete));
    }
}
