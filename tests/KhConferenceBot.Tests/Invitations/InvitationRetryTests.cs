using System.Net;
using System.Net.Http.Json;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Outbox;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using KhConferenceBot.Tests.Outbox;

namespace KhConferenceBot.Tests.Invitations;

/// <summary>
/// An invitation Teams refuses for good fails at once with its reason; once the organizers fix the delegate's data they
/// send it again (chat «gửi lại» or the API), and only what was not delivered goes out, once.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class InvitationRetryTests(AzuriteFixture storage)
{
    private const string Key = "test-organizer-key-0123456789";
    private static readonly string Invitation = InvitationService.InvitationPurpose(BotTestHost.SampleId);

    [Fact]
    public async Task RetryApi_UserNotFoundFixedByNewAccountId_FailsAtOnceThenSendsOnlyThatOneOnce()
    {
        await using var host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Organizer:LocalApiKey"] = Key, ["Bot:MaxRetries"] = "0" });
        var (conference, victim, withTeams) = await FailOneAsync(host);

        // Permanent: one attempt, the real reason, not eleven minutes of retries as a service error.
        var failed = await host.Service<IOutbox>().GetAsync(Invitation, victim.Id, CancellationToken.None);
        Assert.Equal(OutboxState.Failed, failed!.State);
        Assert.Equal("UserNotFound", failed.ErrorCode);
        Assert.Equal(1, failed.Attempts);
        var report = await host.Service<InvitationService>().StatusAsync(conference, CancellationToken.None);
        var shown = Assert.Single(report.Failures);
        Assert.Equal(victim.Name, shown.Name);
        Assert.Equal(victim.Organisation, shown.Unit);
        Assert.Contains("không tìm thấy tài khoản", shown.Reason, StringComparison.Ordinal);

        // The organizers correct the account id, then retry that delegate by (part of) the name, accents optional.
        var fixedId = "00000000-0000-0000-0002-000000000042";
        await host.Service<IDelegateStore>().UpsertAsync(conference.Id, [victim with { AadObjectId = fixedId }], CancellationToken.None);
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Organizer-Key", Key);
        var lastName = victim.Name.Split(' ')[^1];
        using var response = await client.PostAsync(new Uri("/api/organizer/conferences/khanh-hoa-2023/invitations/retry?delegate=" + Uri.EscapeDataString(lastName), UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var retried = await response.Content.ReadFromJsonAsync<InvitationRetryDto>();
        Assert.Equal(1, retried!.Requeued);

        await OutboxDriver.RunUntilAsync(host, async () => (await host.Service<IOutbox>().CountsAsync(Invitation, CancellationToken.None)).Sent == withTeams);
        Assert.Single(host.Connector.SentTo("a:" + fixedId), c => c.Status == 200);
        var delivered = OutboxTestData.DeliveredPerConversation(host.Connector);
        Assert.Equal(withTeams, delivered.Count);
        Assert.All(delivered.Values, n => Assert.Equal(1, n));

        // Nothing failed any more: a second retry sends nothing, and one for a delegate without a failure is a 404.
        using var again = await client.PostAsync(new Uri("/api/organizer/conferences/khanh-hoa-2023/invitations/retry", UriKind.Relative), null);
        Assert.Equal(0, (await again.Content.ReadFromJsonAsync<InvitationRetryDto>())!.Requeued);
        using var none = await client.PostAsync(new Uri("/api/organizer/conferences/khanh-hoa-2023/invitations/retry?delegate=" + Uri.EscapeDataString(lastName), UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal(withTeams, OutboxTestData.DeliveredPerConversation(host.Connector).Values.Sum());
    }

    [Fact]
    public async Task RetryCommand_AfterFailureFixed_RequeuesFailedOnlyAndSaysSo()
    {
        await using var host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Bot:MaxRetries"] = "0" });
        var (conference, victim, withTeams) = await FailOneAsync(host);
        var fixedId = "00000000-0000-0000-0002-000000000043";
        await host.Service<IDelegateStore>().UpsertAsync(conference.Id, [victim with { AadObjectId = fixedId }], CancellationToken.None);

        var before = host.Connector.SentTo(TestUsers.Organizer.PersonalConversationId).Count;
        (await host.PostAsync(Activities.PersonalMessage(TestUsers.Organizer, "gửi lại"))).EnsureSuccessStatusCode();
        var reply = await host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Organizer.PersonalConversationId && c.Text.Contains("Đã đưa lại", StringComparison.Ordinal));
        Assert.Contains("Đã đưa lại 1 giấy mời", reply.Text, StringComparison.Ordinal);

        await OutboxDriver.RunUntilAsync(host, async () => (await host.Service<IOutbox>().CountsAsync(Invitation, CancellationToken.None)).Sent == withTeams);
        Assert.Single(host.Connector.SentTo("a:" + fixedId), c => c.Status == 200);
        Assert.All(OutboxTestData.DeliveredPerConversation(host.Connector).Values, n => Assert.Equal(1, n));
        Assert.True(host.Connector.SentTo(TestUsers.Organizer.PersonalConversationId).Count > before);
    }

    /// <summary>Sends the sample invitations with Teams refusing one delegate's account; returns that delegate.</summary>
    internal static async Task<(Conference Conference, ConferenceDelegate Victim, int WithTeams)> FailOneAsync(BotTestHost host)
    {
        var conference = await host.SampleConferenceAsync();
        var people = (await host.Service<IDelegateStore>().ListAsync(conference.Id, CancellationToken.None)).Where(d => !string.IsNullOrEmpty(d.AadObjectId)).ToList();
        var victim = people.First(d => d.AadObjectId != TestUsers.Organizer.AadObjectId && !string.IsNullOrEmpty(d.Organisation));
        host.Connector.FailCreateFor(victim.AadObjectId!, 500, "UserNotFound");

        var sent = await host.Service<InvitationService>().EnqueueInvitationsAsync(conference, null, CancellationToken.None);
        Assert.Equal(people.Count, sent.Enqueued);
        await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, Invitation, people.Count));
        return (conference, victim, people.Count);
    }
}
