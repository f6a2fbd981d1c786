using System.Net;
using System.Text;
using ClosedXML.Excel;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.CheckIn;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using static KhConferenceBot.Tests.CheckIn.CheckInTestData;

namespace KhConferenceBot.Tests.CheckIn;

/// <summary>The present list for the minutes: one row per check-in, by unit, as CSV and XLSX through the organizer API.</summary>
[Collection(StorageCollection.Name)]
public sealed class PresentListTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Key = "local-organizer-key-0123456789";
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Organizer:LocalApiKey"] = Key });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Export_ThreeCheckIns_CsvAndXlsxRowsAreExactlyThoseCheckedInByUnit()
    {
        await AnswerAsync(_host, HungId, RsvpAnswer.Attend);
        await AnswerAsync(_host, TuanId, RsvpAnswer.Attend);
        await AnswerAsync(_host, OrganizerId, RsvpAnswer.Attend);
        var conference = await ConferenceAsync(_host);
        var checkIns = _host.Service<CheckInService>();
        await checkIns.CheckInByNameAsync(conference, HungId, Desk1, CancellationToken.None);
        await checkIns.CheckInByNameAsync(conference, TuanId, Desk2, CancellationToken.None);
        await checkIns.RegisterWalkInAsync(conference, new WalkIn("=Khách Vãng Lai", "Phóng viên", "Báo Khánh Hòa"), Desk1, CancellationToken.None);
        using var client = _host.CreateOrganizerClient(Key);

        using var csv = await client.GetAsync($"/api/organizer/conferences/{ConferenceId}/present.csv");
        using var xlsx = await client.GetAsync($"/api/organizer/conferences/{ConferenceId}/present.xlsx");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (csv.StatusCode, xlsx.StatusCode));
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(",", PresentList.Headers), lines[0]);
        Assert.Equal(3, lines.Length - 1);

        using var workbook = new XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
        var sheet = workbook.Worksheet(1);
        var rows = Enumerable.Range(2, sheet.LastRowUsed()!.RowNumber() - 1)
            .Select(r => (No: sheet.Cell(r, 1).GetString(), Unit: sheet.Cell(r, 2).GetString(), Name: sheet.Cell(r, 3).GetString(), Desk: sheet.Cell(r, 8).GetString()))
            .ToList();
        var recorded = await _host.Service<CheckInStore>().ListCheckInsAsync(ConferenceId, CancellationToken.None);
        Assert.Equal(recorded.Select(r => r.Name).Order(), rows.Select(r => r.Name).Order());
        Assert.Equal(["1", "2", "3"], rows.Select(r => r.No));
        Assert.Equal(["Báo Khánh Hòa", "Sở Kế hoạch và Đầu tư", "VCCI Khánh Hòa"], rows.Select(r => r.Unit));
        Assert.Equal(("Nguyễn Văn Hùng", "Bàn 1"), (rows[1].Name, rows[1].Desk));
        Assert.DoesNotContain("Trần Thị Mai Anh", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",=Khách Vãng Lai", text, StringComparison.Ordinal);
    }
}
