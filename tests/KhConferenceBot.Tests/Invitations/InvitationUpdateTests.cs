using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Outbox;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Attendance;
using KhConferenceBot.Tests.Infrastructure;
using KhConferenceBot.Tests.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Tests.Invitations;

/// <summary>Delivered invitation cards follow a confirmed schedule change, in place, through the outbox.</summary>
[Collection(StorageCollection.Name)]
public sealed class InvitationUpdateTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Conference = RsvpFlowTests.ConferenceId;
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage, time: new FakeTimeProvider(RsvpFlowTests.Start));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private IOutbox Outbox => _host.Service<IOutbox>();

    private async Task<IReadOnlyList<OutboxEntry>> SendAllInvitationsAsync()
    {
        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.Organizer, OrganizerCards.ConfirmVerb, new { group = "" }));
        Assert.Equal(200, body.GetProperty("statusCode").GetInt32());
        var queued = (await Outbox.ListAsync(InvitationService.InvitationPurpose(BotTestHost.SampleId), CancellationToken.None)).Count;
        await OutboxDriver.RunUntilAsync(_host, OutboxDriver.AllSettled(_host, InvitationService.InvitationPurpose(BotTestHost.SampleId), queued));
        var delivered = (await Outbox.ListAsync(InvitationService.InvitationPurpose(BotTestHost.SampleId), CancellationToken.None)).Where(e => e.State == OutboxState.Sent).ToList();
        Assert.NotEmpty(delivered);
        return delivered;
    }

    /// <summary>Moves the report to 08h45 (and everything after it) through the organizer's form; returns the change id.</summary>
    private async Task<string> ConfirmReportMovedAsync()
    {
        var stored = await _host.SampleStoredAsync();
        var etag = stored.ETag.ToString();
        var data = new { etag, item = "indices-report", start = "08h45", end = "", presenter = "", cancel = "false", shift = "true", reason = "" };
        var confirmed = await _host.InvokeAsync(Activities.Execute(TestUsers.Organizer, ScheduleChangeCards.ConfirmVerb, data));
        Assert.Contains("Đã áp dụng thay đổi", confirmed.ToString(), StringComparison.Ordinal);
        return ScheduleChanger.ChangeId(etag);
    }

    [Fact]
    public async Task ScheduleChange_DeliveredInvitations_EachCardUpdatedInPlaceOnce()
    {
        var delivered = await SendAllInvitationsAsync();
        await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, InvitationCards.AttendVerb, RsvpFlowTests.Data(RsvpFlowTests.HungId)));
        var sendsBefore = _host.Connector.Sends.Count;
        var updatesBefore = _host.Connector.Updates.Count;

        var changeId = await ConfirmReportMovedAsync();
        var purpose = InvitationService.UpdatePurpose(BotTestHost.SampleId, changeId);
        var rows = await Outbox.ListAsync(purpose, CancellationToken.None);
        Assert.Equal(delivered.Select(e => e.RecipientKey).Order(), rows.Select(e => e.RecipientKey).Order());
        await OutboxDriver.RunUntilAsync(_host, OutboxDriver.AllSettled(_host, purpose, rows.Count));

        Assert.All(await Outbox.ListAsync(purpose, CancellationToken.None), e => Assert.Equal(OutboxState.Sent, e.State));
        var updates = _host.Connector.Updates.Skip(updatesBefore).ToList();
        foreach (var invitation in delivered)
        {
            var put = Assert.Single(updates, u => u.ActivityId == invitation.ActivityId && u.ConversationId == invitation.ConversationId);
            Assert.Contains("08h45 - 10h15", put.CardJson, StringComparison.Ordinal);
            Assert.DoesNotContain("08h30 - 10h00", put.CardJson, StringComparison.Ordinal);
        }

        // Hùng's card keeps his answer; nobody gets a second invitation message.
        var hung = delivered.Single(e => e.RecipientKey == RsvpFlowTests.HungId);
        Assert.Contains("Ban Tổ chức đã nhận phản hồi", updates.Single(u => u.ActivityId == hung.ActivityId).CardJson, StringComparison.Ordinal);
        Assert.DoesNotContain(_host.Connector.Sends.Skip(sendsBefore), c => c.CardJson.Contains("GIẤY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EnqueueCardUpdates_SameChangeAgain_AddsNothing()
    {
        var delivered = await SendAllInvitationsAsync();
        var changeId = await ConfirmReportMovedAsync();
        var conference = await _host.SampleConferenceAsync();

        var again = await _host.Service<InvitationService>().EnqueueCardUpdatesAsync(conference, changeId, CancellationToken.None);

        Assert.Equal(0, again);
        Assert.Equal(delivered.Count, (await Outbox.ListAsync(InvitationService.UpdatePurpose(BotTestHost.SampleId, changeId), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task LiveTick_ChangeSavedJustBeforeACrash_CardUpdatesStillQueuedOnce()
    {
        var delivered = await SendAllInvitationsAsync();

        // The instance that confirmed the change saved it and stopped before queuing anything: only storage knows.
        var stored = await _host.SampleStoredAsync();
        var changeId = ScheduleChanger.ChangeId(stored.ETag.ToString());
        var updated = ScheduleChanger.Apply(stored.Conference, new ScheduleChangeRequest("indices-report", "08h45", null, null, false, true, null), new TimeOnly(6, 0), new TimeOnly(22, 0)).Updated!;
        updated.LastChangeId = changeId;
        Assert.True(await _host.Service<IConferenceStore>().TryReplaceAsync(updated, stored.ETag, CancellationToken.None));
        Assert.Empty(await Outbox.ListAsync(InvitationService.UpdatePurpose(BotTestHost.SampleId, changeId), CancellationToken.None));

        await ClockDriver.AdvanceMinutesAsync(1, null, _host);

        Assert.Equal(delivered.Select(e => e.RecipientKey).Order(), (await Outbox.ListAsync(InvitationService.UpdatePurpose(BotTestHost.SampleId, changeId), CancellationToken.None)).Select(e => e.RecipientKey).Order());
        Assert.Equal(changeId, await _host.Service<IInvitationStateStore>().GetFollowedChangeAsync(Conference, CancellationToken.None));
    }

    [Fact]
    public async Task ScheduleChange_NoInvitationDeliveredYet_NothingQueued()
    {
        var changeId = await ConfirmReportMovedAsync();

        Assert.Empty(await Outbox.ListAsync(InvitationService.UpdatePurpose(BotTestHost.SampleId, changeId), CancellationToken.None));
        Assert.Empty(_host.Connector.Updates);
    }
}
