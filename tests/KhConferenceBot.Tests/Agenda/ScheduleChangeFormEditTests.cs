using System.Net;
using System.Net.Http.Json;
using KhConferenceBot.Conferences;
using KhConferenceBot.Conferences.Plans;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Features.Planning;
using KhConferenceBot.Outbox;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Guests;
using KhConferenceBot.Tests.Infrastructure;
using KhConferenceBot.Tests.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Tests.Agenda;

/// <summary>
/// The form edit (PUT …/conferences/{id}) of an Open conference goes through <see cref="ScheduleChangeService"/>, as the
/// chat's change does: one notice in the group chat, one notice per invited delegate (Teams card updated in place,
/// e-mail guests an e-mail), nothing twice. On Azurite, with the loopback fake connector and fake Graph mailbox.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ScheduleChangeFormEditTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Key = "local-organizer-key-0123456789";
    private const string Sample = GuestHost.ConferenceId;
    private GuestHost _guests = null!;

    private BotTestHost Host => _guests.Host;

    private IOutbox Outbox => Host.Service<IOutbox>();

    public async Task InitializeAsync() =>
        _guests = await GuestHost.StartAsync(storage, new Dictionary<string, string?> { ["Organizer:LocalApiKey"] = Key }, new FakeTimeProvider(GuestHost.BeforeDeadline));

    public async Task DisposeAsync() => await _guests.DisposeAsync();

    [Fact]
    public async Task EditForm_OpenConferenceItemMoved_OneGroupNoticeAndOneNoticePerInvitedDelegateOnce()
    {
        await BindGroupChatAsync();
        var invited = await SendAllInvitationsAsync();
        var (form, etag) = await GetFormAsync(Sample);
        var moved = MoveReport(form);

        using var first = await PutAsync(Sample, moved, etag);
        var conference = await _guests.ConferenceAsync();
        var purpose = InvitationService.UpdatePurpose(Sample, conference.LastChangeId!);
        var notices = await Outbox.ListAsync(purpose, CancellationToken.None);
        using var again = await PutAsync(Sample, moved, etag: null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(invited.Select(e => e.RecipientKey).Order(), notices.Select(e => e.RecipientKey).Order());
        Assert.Contains(notices, e => e.Channel == OutboxChannel.Email);
        Assert.Contains(notices, e => e.Channel != OutboxChannel.Email);
        var notice = Assert.Single(Host.Connector.SentTo(TestUsers.GroupChatId), c => c.Text.Contains("Thay đổi chương trình", StringComparison.Ordinal));
        Assert.Contains("~~08h30 - 10h00~~ → **08h45 - 10h15**", notice.Text, StringComparison.Ordinal);
        Assert.Equal(notices.Count, (await Outbox.ListAsync(purpose, CancellationToken.None)).Count);
        Assert.Equal(conference.LastChangeId, (await _guests.ConferenceAsync()).LastChangeId);
    }

    [Fact]
    public async Task EditForm_OpenConferenceStartMoved_AttendingDelegatesToldOnce()
    {
        await BindGroupChatAsync();
        await Host.InvokeAsync(Activities.Execute(TestUsers.Organizer, OrganizerCards.ConfirmVerb, new { group = "" }));
        await Host.InvokeAsync(Activities.Execute(TestUsers.Hung, InvitationCards.AttendVerb, Attendance.RsvpFlowTests.Data(Attendance.RsvpFlowTests.HungId)));
        var (form, etag) = await GetFormAsync(Sample);
        var later = form with { Agenda = [.. form.Agenda.Select((a, i) => i == 0 ? a with { Start = "07h45" } : a)] };

        using var response = await PutAsync(Sample, later, etag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var conference = await _guests.ConferenceAsync();
        var told = await Outbox.ListAsync(OutboxPurposes.Of(Sample, "agenda-change:" + conference.LastChangeId), CancellationToken.None);
        Assert.Equal(TestUsers.Hung.AadObjectId, Assert.Single(told).RecipientKey);
    }

    [Fact]
    public async Task EditForm_ItemMovedIntoThePast_400AndNothingSavedOrSent()
    {
        await BindGroupChatAsync();
        Host.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero)); // 09h00 on the day, in Viet Nam
        var (form, etag) = await GetFormAsync(Sample);
        var before = await _guests.ConferenceAsync();

        using var response = await PutAsync(Sample, MoveReport(form, "08h40"), etag);

        var problem = await OrganizerApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("đã qua", problem, StringComparison.Ordinal);
        Assert.Equal(before.Revision, (await _guests.ConferenceAsync()).Revision);
        Assert.DoesNotContain(Host.Connector.SentTo(TestUsers.GroupChatId), c => c.Text.Contains("Thay đổi chương trình", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EditForm_DraftConference_SavedWithNoChangeAndNoNotice()
    {
        using var created = await Client().PostAsJsonAsync("/api/organizer/conferences",
            new CreateConferenceRequest { Id = "ban-nhap-2026", Conference = ConferenceForm.FromConference(await _guests.ConferenceAsync()) with { AnswerDeadline = null } }, ConferenceJson.Options);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var (form, etag) = await GetFormAsync("ban-nhap-2026");
        var sendsBefore = Host.Connector.Sends.Count;

        using var response = await PutAsync("ban-nhap-2026", MoveReport(form), etag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var draft = (await Host.Service<ConferenceDirectory>().GetAsync("ban-nhap-2026", CancellationToken.None))!;
        Assert.Equal((0, null), (draft.Revision, draft.LastChangeId));
        Assert.Contains(draft.Agenda, a => a.TimeRange == "08h45 - 10h15");
        Assert.Equal(sendsBefore, Host.Connector.Sends.Count);
    }

    private HttpClient Client() => Host.CreateOrganizerClient(Key);

    /// <summary>The report (08h30 - 10h00 in the sample) one quarter later, with everything after it.</summary>
    private static ConferenceForm MoveReport(ConferenceForm form, string start = "08h45")
    {
        var report = form.Agenda.Single(a => a.Start == "08h30");
        var delta = AgendaTime.TryParse(start)!.Value - AgendaTime.TryParse(report.Start)!.Value;
        return form with
        {
            Agenda = [.. form.Agenda.Select(a => AgendaTime.TryParse(a.Start) < AgendaTime.TryParse(report.Start)
                ? a
                : a with { Start = AgendaTime.Format(AgendaTime.TryParse(a.Start)!.Value.Add(delta)), End = AgendaTime.Format(AgendaTime.TryParse(a.End)!.Value.Add(delta)) })],
        };
    }

    private async Task BindGroupChatAsync()
    {
        (await Host.PostAsync(Activities.InstallInGroup(TestUsers.Organizer))).Dispose();
        (await Host.PostAsync(Activities.GroupMention(TestUsers.Organizer, "gắn hội nghị"))).Dispose();
        await Host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.GroupChatId && c.Text.Contains("Đã gắn nhóm chat", StringComparison.Ordinal));
    }

    /// <summary>Every sample delegate's invitation, delivered (Teams) or sent (e-mail); returns the delivered rows.</summary>
    private async Task<IReadOnlyList<OutboxEntry>> SendAllInvitationsAsync()
    {
        var body = await Host.InvokeAsync(Activities.Execute(TestUsers.Organizer, OrganizerCards.ConfirmVerb, new { group = "" }));
        Assert.Equal(200, body.GetProperty("statusCode").GetInt32());
        var invitation = InvitationService.InvitationPurpose(Sample);
        var queued = (await Outbox.ListAsync(invitation, CancellationToken.None)).Count;
        await OutboxDriver.RunUntilAsync(Host, OutboxDriver.AllSettled(Host, invitation, queued));
        return [.. (await Outbox.ListAsync(invitation, CancellationToken.None)).Where(e => e.State == OutboxState.Sent)];
    }

    private async Task<(ConferenceForm Form, string ETag)> GetFormAsync(string id)
    {
        using var get = await Client().GetAsync(new Uri($"/api/organizer/conferences/{id}/form", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        return ((await get.Content.ReadFromJsonAsync<ConferenceView>(ConferenceJson.Options))!.Form, get.Headers.GetValues("ETag").Single());
    }

    private async Task<HttpResponseMessage> PutAsync(string id, ConferenceForm form, string? etag)
    {
        using var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/organizer/conferences/{id}") { Content = JsonContent.Create(form, options: ConferenceJson.Options) };
        if (etag is not null)
        {
            edit.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        return await Client().SendAsync(edit);
    }
}
