using System.Net;
using System.Net.Http.Json;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.CheckIn;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using static KhConferenceBot.Tests.CheckIn.CheckInTestData;

namespace KhConferenceBot.Tests.CheckIn;

/// <summary>Absent with a reason: organizers excuse a confirmed delegate, the headcount shows them apart from the missing.</summary>
[Collection(StorageCollection.Name)]
public sealed class AbsenceTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Key = "local-organizer-key-0123456789";
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Organizer:LocalApiKey"] = Key });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private CheckInService CheckIns => _host.Service<CheckInService>();

    [Fact]
    public async Task MarkAbsent_ConfirmedDelegate_CountedAsExcusedNotMissing()
    {
        await AnswerAsync(_host, HungId, RsvpAnswer.Attend);
        await AnswerAsync(_host, TuanId, RsvpAnswer.Attend);
        var conference = await ConferenceAsync(_host);

        var outcome = await CheckIns.MarkAbsentAsync(conference, TuanId, "  Ốm đột xuất ", "Trần Thị Mai Anh", CancellationToken.None);

        Assert.Equal(CheckInStatus.MarkedAbsent, outcome.Status);
        var count = await _host.Service<HeadcountReader>().ReadAsync(conference, CancellationToken.None);
        var absent = Assert.Single(count.Absent);
        Assert.Equal((TuanId, "Ốm đột xuất", "Trần Thị Mai Anh"), (absent.Holder.Person.Id, absent.Mark.Reason, absent.Mark.MarkedBy));
        Assert.Equal(HungId, Assert.Single(count.Missing).Person.Id);
        Assert.Equal(0, count.ConfirmedPresent);
    }

    [Fact]
    public async Task MarkAbsent_ThenChecksInAfterAll_PresentAndNoLongerExcused()
    {
        await AnswerAsync(_host, TuanId, RsvpAnswer.Attend);
        var conference = await ConferenceAsync(_host);
        await CheckIns.MarkAbsentAsync(conference, TuanId, "Đi công tác", null, CancellationToken.None);

        await CheckIns.CheckInByNameAsync(conference, TuanId, Desk1, CancellationToken.None);
        var again = await CheckIns.MarkAbsentAsync(conference, TuanId, "Đi công tác", null, CancellationToken.None);

        var count = await _host.Service<HeadcountReader>().ReadAsync(conference, CancellationToken.None);
        Assert.Equal(1, count.ConfirmedPresent);
        Assert.Empty(count.Absent);
        Assert.Equal("alreadyCheckedIn", again.RefusalCode);
    }

    [Theory]
    [InlineData(TuanId, "", "absentReason")]
    [InlineData(TuanId, null, "absentReason")]
    [InlineData(HungId, "Ốm", "notConfirmed")]
    [InlineData("khong-co-ai", "Ốm", "notConfirmed")]
    public async Task MarkAbsent_NoReasonOrNotConfirmed_RefusedNothingStored(string delegateId, string? reason, string code)
    {
        await AnswerAsync(_host, TuanId, RsvpAnswer.Attend);
        var conference = await ConferenceAsync(_host);

        var outcome = await CheckIns.MarkAbsentAsync(conference, delegateId, reason, null, CancellationToken.None);

        Assert.Equal(code, outcome.RefusalCode);
        Assert.Empty(await _host.Service<CheckInStore>().ListAbsencesAsync(ConferenceId, CancellationToken.None));
    }

    [Fact]
    public async Task AbsenceApi_MarkThenUndo_HeadcountFollowsAndUnknownIs404()
    {
        await AnswerAsync(_host, TuanId, RsvpAnswer.Attend);
        using var client = _host.CreateOrganizerClient(Key);
        var absences = $"/api/organizer/conferences/{ConferenceId}/checkin/absences/";

        using var marked = await client.PutAsJsonAsync(absences + Uri.EscapeDataString(TuanId), new AbsenceRequest("Ốm"));
        var answer = await marked.Content.ReadFromJsonAsync<DeskAnswer>();
        var count = await client.GetFromJsonAsync<HeadcountView>($"/api/organizer/conferences/{ConferenceId}/checkin/headcount");
        using var undone = await client.DeleteAsync(absences + Uri.EscapeDataString(TuanId));
        using var refused = await client.PutAsJsonAsync(absences + "khong-co-ai", new AbsenceRequest("Ốm"));
        var after = await client.GetFromJsonAsync<HeadcountView>($"/api/organizer/conferences/{ConferenceId}/checkin/headcount");

        Assert.Equal((HttpStatusCode.OK, "markedAbsent"), (marked.StatusCode, answer!.Status));
        Assert.Equal(("Phạm Minh Tuấn", "Ốm"), (Assert.Single(count!.Absent).Name, count.Absent[0].Reason));
        Assert.Empty(count.Missing);
        Assert.Equal(HttpStatusCode.NoContent, undone.StatusCode);
        await OrganizerApiClient.AssertProblemAsync(refused, HttpStatusCode.NotFound);
        Assert.Empty(after!.Absent);
        Assert.Equal(["Phạm Minh Tuấn"], after.Missing);
    }
}
