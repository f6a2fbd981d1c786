using System.Text;
using ClosedXML.Excel;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Tests.Delegates;

namespace KhConferenceBot.Tests.Attendance;

public sealed class AttendanceExporterTests
{
    private readonly InMemoryDelegateStore _store = new();
    private readonly Conference _conference = DelegateTestData.Conference();

    private sealed class FixedAttendance(Dictionary<string, AttendanceRow> rows) : IAttendanceReader
    {
        public Task<IReadOnlyDictionary<string, AttendanceRow>> ReadAsync(string conferenceId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, AttendanceRow>>(rows);
    }

    private async Task SeedAsync()
    {
        await _store.UpsertAsync(_conference.Id,
        [
            new ConferenceDelegate { Id = "hung@khanhhoa.example", Name = "Nguyễn Văn Hùng", Position = "Phó Giám đốc", Organisation = "Sở Kế hoạch và Đầu tư", GroupId = "so-nganh", Category = DelegateCategory.Summoned },
            new ConferenceDelegate { Id = "tuan@khanhhoa.example", Name = "Phạm Minh Tuấn", Position = "Phó Chủ tịch", Organisation = "VCCI Khánh Hòa", GroupId = "vcci", Category = DelegateCategory.Invited },
            new ConferenceDelegate { Id = "evil@khanhhoa.example", Name = "=HYPERLINK(\"http://x\")", GroupId = "vcci", Category = DelegateCategory.Invited },
        ], CancellationToken.None);
    }

    private AttendanceExporter Exporter() => new(_store, new FixedAttendance(new Dictionary<string, AttendanceRow>
    {
        // 01:30 UTC is 08h30 in Viet Nam.
        ["hung@khanhhoa.example"] = new(AttendanceAnswer.Substitute, "Lê Thị Thảo", "Trưởng phòng", "Bận công tác tại Hà Nội", new DateTimeOffset(2026, 11, 29, 1, 30, 0, TimeSpan.Zero), "Đã gửi"),
    }));

    [Fact]
    public async Task Csv_StartsWithBomAndKeepsVietnamese()
    {
        await SeedAsync();

        var bytes = await Exporter().ExportAsync(_conference, ExportFormat.Csv, CancellationToken.None);

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Họ và tên,Chức vụ,Cơ quan,Nhóm,Thành phần,Trả lời,Người dự thay,Lý do,Thời điểm trả lời,Tình trạng gửi", lines[0]);
        Assert.Contains("Nguyễn Văn Hùng,Phó Giám đốc,Sở Kế hoạch và Đầu tư,", text, StringComparison.Ordinal);
        Assert.Contains(",Đại biểu triệu tập,Cử người dự thay,Lê Thị Thảo - Trưởng phòng,Bận công tác tại Hà Nội,08h30 29/11/2026,Đã gửi", text, StringComparison.Ordinal);
        Assert.Contains("Phạm Minh Tuấn,Phó Chủ tịch,VCCI Khánh Hòa,VCCI Khánh Hòa,Đại biểu mời,Chưa trả lời,,,,", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_DelegateWithoutTeamsAccount_DeliverySaysSoInVietnamese()
    {
        await SeedAsync();

        var text = Encoding.UTF8.GetString(await Exporter().ExportAsync(_conference, ExportFormat.Csv, CancellationToken.None));

        Assert.Contains("Phạm Minh Tuấn,Phó Chủ tịch,VCCI Khánh Hòa,VCCI Khánh Hòa,Đại biểu mời,Chưa trả lời,,,,Chưa có tài khoản Teams\r\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KhConferenceBot.Outbox.OutboxState.Sent, "Đã gửi")]
    [InlineData(KhConferenceBot.Outbox.OutboxState.Failed, "Gửi không thành công")]
    [InlineData(KhConferenceBot.Outbox.OutboxState.Pending, "Đang chờ gửi")]
    public void DeliveryText_OutboxState_VietnameseWords(KhConferenceBot.Outbox.OutboxState state, string expected) =>
        Assert.Equal(expected, KhConferenceBot.Features.Attendance.RsvpAttendanceReader.DeliveryText(state));

    [Fact]
    public async Task Csv_FormulaLikeName_IsEscapedAsText()
    {
        await SeedAsync();

        var text = Encoding.UTF8.GetString(await Exporter().ExportAsync(_conference, ExportFormat.Csv, CancellationToken.None));

        Assert.DoesNotContain("\n=HYPERLINK", text, StringComparison.Ordinal);
        Assert.Contains("'=HYPERLINK", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_GroupsInPlanOrder_InvitedBeforeSummoned()
    {
        await SeedAsync();

        var text = Encoding.UTF8.GetString(await Exporter().ExportAsync(_conference, ExportFormat.Csv, CancellationToken.None));

        Assert.True(text.IndexOf("Phạm Minh Tuấn", StringComparison.Ordinal) < text.IndexOf("Nguyễn Văn Hùng", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Xlsx_ReadBack_HeadersAndCellsIntactAndFormulaStaysText()
    {
        await SeedAsync();

        var bytes = await Exporter().ExportAsync(_conference, ExportFormat.Xlsx, CancellationToken.None);

        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var sheet = workbook.Worksheet(1);
        Assert.Equal(AttendanceExporter.Headers, Enumerable.Range(1, 10).Select(c => sheet.Cell(1, c).GetString()));
        var rows = Enumerable.Range(2, 3).Select(r => Enumerable.Range(1, 10).Select(c => sheet.Cell(r, c).GetString()).ToArray()).ToList();
        var hung = Assert.Single(rows, r => r[0] == "Nguyễn Văn Hùng");
        Assert.Equal(["Nguyễn Văn Hùng", "Phó Giám đốc", "Sở Kế hoạch và Đầu tư", _conference.FindGroup("so-nganh")!.Name.Vi, "Đại biểu triệu tập", "Cử người dự thay", "Lê Thị Thảo - Trưởng phòng", "Bận công tác tại Hà Nội", "08h30 29/11/2026", "Đã gửi"], hung);
        var evil = Assert.Single(rows, r => r[0].Contains("HYPERLINK", StringComparison.Ordinal));
        Assert.Equal("=HYPERLINK(\"http://x\")", evil[0]);
        Assert.False(sheet.Cell(rows.IndexOf(evil) + 2, 1).HasFormula);
    }

    [Fact]
    public async Task Export_NobodyAnswered_EveryoneIsPending()
    {
        await SeedAsync();
        var exporter = new AttendanceExporter(_store, new FixedAttendance([]));

        var lines = await exporter.BuildLinesAsync(_conference, CancellationToken.None);

        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Equal("Chưa trả lời", l.Answer));
    }
}
