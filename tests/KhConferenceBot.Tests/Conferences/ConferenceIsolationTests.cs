using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Outbox;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Delegates;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Conferences;

/// <summary>
/// Two conferences in the same week (issue 12): the sample and a second one with Hùng on both lists. Neither sees the
/// other's delegates, invitations, outbox rows, answers, status or exports.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ConferenceIsolationTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Key = "local-organizer-key-0123456789";
    private const string BinhAad = "00000000-0000-0000-0000-0000000000b1";
    private const string HungEmail = "hung.nguyen@khanhhoa.example";
    private BotTestHost _host = null!;
    private string _second = "";

    public async Task InitializeAsync()
    {
        _host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Organizer:LocalApiKey"] = Key });
        _second = (await new ConferenceBuilder().On(BotTestHost.ConferenceDate.AddDays(2)).OrganizedBy(TestUsers.Organizer).CreateAsync(_host)).Id;
        using var content = new ByteArrayContent(DelegateTestData.Csv(DelegateTestData.Lines(
            DelegateTestData.EnglishHeader,
            $"Nguyễn Văn Hùng,Phó Giám đốc,Sở Kế hoạch và Đầu tư,doanh-nghiep,{HungEmail},,{TestUsers.Hung.AadObjectId}",
            $"Trương Văn Bình,Giám đốc,Công ty Du lịch Biển Xanh,doanh-nghiep,binh.truong@bienxanh.example,,{BinhAad}")));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var imported = await Client().PostAsync(new Uri($"/api/organizer/conferences/{_second}/delegates/import", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Delegates_EachConferenceListsItsOwn()
    {
        var second = await Client().GetFromJsonAsync<List<DelegateListItem>>($"/api/organizer/conferences/{_second}/delegates");
        var sample = await Client().GetFromJsonAsync<List<DelegateListItem>>($"/api/organizer/conferences/{BotTestHost.SampleId}/delegates");

        Assert.Equal(["Nguyễn Văn Hùng", "Trương Văn Bình"], second!.Select(d => d.Name).Order());
        Assert.DoesNotContain(sample!, d => d.Name == "Trương Văn Bình");
        Assert.Contains(sample!, d => d.Name == "Nguyễn Văn Hùng");
    }

    [Fact]
    public async Task SendInvitations_BothConferences_OwnOutboxRowsForTheSamePerson()
    {
        var sampleSent = await SendAsync(BotTestHost.SampleId);
        var secondSent = await SendAsync(_second);

        // Hùng is invited to both: his second invitation is a row of its own, not "already sent".
        Assert.Equal(2, secondSent.Queued);
        Assert.Equal(5, sampleSent.Queued);
        var outbox = _host.Service<IOutbox>();
        var secondRows = await outbox.ListAsync(InvitationService.InvitationPurpose(_second), CancellationToken.None);
        var sampleRows = await outbox.ListAsync(InvitationService.InvitationPurpose(BotTestHost.SampleId), CancellationToken.None);
        Assert.Equal(["binh.truong@bienxanh.example", HungEmail], secondRows.Select(r => r.RecipientKey).Order(StringComparer.Ordinal));
        Assert.Equal(5, sampleRows.Count);
        Assert.DoesNotContain(sampleRows, r => r.RecipientKey == "binh.truong@bienxanh.example");
    }

    [Fact]
    public async Task Answer_OnTheSecondConferencesCard_RecordedThereOnly()
    {
        var response = await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, InvitationCards.AttendVerb,
            new Dictionary<string, string> { ["conferenceId"] = _second, ["delegateId"] = HungEmail }));

        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        var rsvps = _host.Service<IRsvpStore>();
        Assert.Single(await rsvps.ListAsync(_second, CancellationToken.None));
        Assert.Empty(await rsvps.ListAsync(BotTestHost.SampleId, CancellationToken.None));
    }

    [Fact]
    public async Task StatusAndExport_SecondConference_NothingOfTheSample()
    {
        var status = await Client().GetFromJsonAsync<StatusDto>($"/api/organizer/conferences/{_second}/status");
        var csv = await Client().GetStringAsync(new Uri($"/api/organizer/conferences/{_second}/attendance.csv", UriKind.Relative));

        Assert.Equal(2, status!.Total);
        Assert.Contains("Trương Văn Bình", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("Trần Thị Mai Anh", csv, StringComparison.Ordinal);
    }

    private HttpClient Client() => _host.CreateOrganizerClient(Key);

    private async Task<InvitationSendDto> SendAsync(string conferenceId)
    {
        using var response = await Client().PostAsync(new Uri($"/api/organizer/conferences/{conferenceId}/invitations/send", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<InvitationSendDto>())!;
    }
}
