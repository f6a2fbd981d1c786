using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Outbox;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Guests;
using KhConferenceBot.Tests.Infrastructure;
using KhConferenceBot.Tests.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Tests.Delegates;

/// <summary>
/// A delegate removed while their invitation waits in the outbox gets nothing: the sender asks at the moment of sending,
/// records the row as cancelled ("removed"), not failed, and everyone else's invitation still goes out, once.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class RemovedDelegateSendTests(AzuriteFixture storage)
{
    private static readonly string Invitation = InvitationService.InvitationPurpose(BotTestHost.SampleId);

    [Fact]
    public async Task Send_DelegateRemovedWhileTheInvitationWaits_CancelledAsRemovedNothingSentOthersDelivered()
    {
        await using var host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Bot:MaxRetries"] = "0" });
        var conference = await host.SampleConferenceAsync();
        var people = (await host.Service<IDelegateStore>().ListAsync(conference.Id, CancellationToken.None)).Where(d => !string.IsNullOrEmpty(d.AadObjectId)).ToList();
        var removed = people.First(d => d.AadObjectId != TestUsers.Organizer.AadObjectId && d.SubstituteForId is null);

        // Teams is busy for this one person: their invitation waits for its next attempt, a few seconds on the fake clock.
        host.Connector.FailCreateFor(removed.AadObjectId!, 503, "ServiceUnavailable");
        Assert.Equal(people.Count, (await host.Service<InvitationService>().EnqueueInvitationsAsync(conference, null, CancellationToken.None)).Enqueued);
        await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, Invitation, people.Count - 1));
        var waiting = await host.Service<IOutbox>().GetAsync(Invitation, removed.Id, CancellationToken.None);
        Assert.Equal(OutboxState.Pending, waiting!.State);

        var edit = await host.Service<DelegateEditor>().RemoveAsync(conference, removed.Id, confirmed: true, TestUsers.Organizer.AadObjectId, CancellationToken.None);
        Assert.Equal(DelegateEditStatus.Removed, edit.Status);
        host.Connector.StopFailingCreateFor(removed.AadObjectId!); // Teams would take it now: only the removal stops it
        await OutboxDriver.RunUntilAsync(host, async () => (await host.Service<IOutbox>().GetAsync(Invitation, removed.Id, CancellationToken.None))!.State != OutboxState.Pending);

        var row = await host.Service<IOutbox>().GetAsync(Invitation, removed.Id, CancellationToken.None);
        Assert.Equal((OutboxState.Cancelled, OutboxFailureReasons.Removed), (row!.State, row.ErrorCode));
        Assert.DoesNotContain(host.Connector.SentTo("a:" + removed.AadObjectId), c => c.Status is >= 200 and < 300);
        Assert.Equal(new OutboxCounts(0, 0, people.Count - 1, 0, 1), await host.Service<IOutbox>().CountsAsync(Invitation, CancellationToken.None));
        Assert.Empty((await host.Service<InvitationService>().StatusAsync(conference, CancellationToken.None)).Failures);
        var delivered = OutboxTestData.DeliveredPerConversation(host.Connector);
        Assert.Equal(people.Count - 1, delivered.Count);
        Assert.All(delivered.Values, n => Assert.Equal(1, n));

        // Back on the list (an import naming them again), the organizer sends again: only they get it, once.
        await host.Service<IDelegateStore>().UpsertAsync(conference.Id, [removed with { RemovedAt = null, RemovedBy = null }], CancellationToken.None);
        Assert.Equal(1, (await host.Service<InvitationService>().EnqueueInvitationsAsync(conference, null, CancellationToken.None)).Enqueued);
        await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, Invitation, people.Count));
        Assert.Equal(new OutboxCounts(0, 0, people.Count, 0, 0), await host.Service<IOutbox>().CountsAsync(Invitation, CancellationToken.None));
        Assert.All(OutboxTestData.DeliveredPerConversation(host.Connector).Values, n => Assert.Equal(1, n));
        Assert.Single(host.Connector.SentTo("a:" + removed.AadObjectId), c => c.Status is >= 200 and < 300);
    }

    [Fact]
    public async Task Send_GuestRemovedWhileTheirEmailWaitsForTheMailbox_CancelledNoMailOthersMailedOnce()
    {
        // Two mails a minute leave the mailbox: most e-mail invitations wait their turn in the outbox.
        await using var guests = await GuestHost.StartAsync(storage, new Dictionary<string, string?> { ["Mail:MessagesPerMinute"] = "2" }, new FakeTimeProvider(GuestHost.BeforeDeadline));
        var host = guests.Host;
        var conference = await guests.ConferenceAsync();
        var outbox = host.Service<IOutbox>();
        var total = (await host.Service<InvitationService>().EnqueueInvitationsAsync(conference, null, CancellationToken.None)).Enqueued;
        await OutboxDriver.RunUntilAsync(host, async () => (await outbox.CountsAsync(Invitation, CancellationToken.None)).Sent >= 2);
        var waiting = (await outbox.ListAsync(Invitation, CancellationToken.None)).First(e => e is { Channel: OutboxChannel.Email, State: OutboxState.Pending });
        var removed = (await guests.DelegatesAsync()).Single(d => d.Id == waiting.RecipientKey);

        await host.Service<DelegateEditor>().RemoveAsync(conference, removed.Id, confirmed: true, TestUsers.Organizer.AadObjectId, CancellationToken.None);
        await OutboxDriver.RunUntilAsync(host, async () => (await outbox.CountsAsync(Invitation, CancellationToken.None)) is var c && c.Sent + c.Failed + c.Cancelled == total);

        var row = await outbox.GetAsync(Invitation, removed.Id, CancellationToken.None);
        Assert.Equal((OutboxState.Cancelled, OutboxFailureReasons.Removed), (row!.State, row.ErrorCode));
        Assert.Empty(guests.Graph.To(removed.Email!));
        Assert.Equal(new OutboxCounts(0, 0, total - 1, 0, 1), await outbox.CountsAsync(Invitation, CancellationToken.None));
        Assert.All(guests.Graph.Sent.GroupBy(m => m.To, StringComparer.OrdinalIgnoreCase), g => Assert.Single(g));
    }
}
