using Azure.Data.Tables;
using KhConferenceBot.Outbox;
using KhConferenceBot.Storage;
using KhConferenceBot.Teams.Connector;
using Microsoft.Extensions.DependencyInjection;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Tests.Outbox;

[Collection(StorageCollection.Name)]
public sealed class OutboxSenderTests(AzuriteFixture storage)
{
    private const string Invitation = "invitation";

    [Fact]
    public async Task Sender_RowsForUsers_SendsEachOnceAndRecordsActivityId()
    {
        await using var host = await BotTestHost.StartAsync(storage, OutboxTestData.Settings());
        // Hung has talked to the bot: his stored personal chat is used, no conversation is created for him.
        (await host.PostAsync(Activities.InstallPersonal(TestUsers.Hung))).EnsureSuccessStatusCode();
        var outbox = host.Service<IOutbox>();
        var messages = Enumerable.Range(0, 5).Select(i => OutboxTestData.ToUser(Invitation, i)).ToList();
        messages.Add(new OutboxMessage(Invitation, "hung", Teams.Schema.Activity.CreateMessage("Thư mời anh Hùng"), UserAadObjectId: TestUsers.Hung.AadObjectId));

        await outbox.EnqueueAsync(messages, CancellationToken.None);
        await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, Invitation, messages.Count));

        var entries = await outbox.ListAsync(Invitation, CancellationToken.None);
        Assert.All(entries, e =>
        {
            Assert.Equal(OutboxState.Sent, e.State);
            Assert.False(string.IsNullOrEmpty(e.ActivityId));
            Assert.Equal(1, e.Attempts);
            Assert.NotNull(e.SentAt);
        });
        Assert.Equal(entries.Count, entries.Select(e => e.ActivityId).Distinct().Count());
        Assert.Equal(TestUsers.Hung.PersonalConversationId, entries.Single(e => e.RecipientKey == "hung").ConversationId);
        Assert.DoesNotContain(host.Connector.Calls, c => c.Path == "/v3/conversations" && c.Parameters?.Members?[0].Id == TestUsers.Hung.AadObjectId);
        Assert.Single(host.Connector.SentTo(TestUsers.Hung.PersonalConversationId), c => c.Text == "Thư mời anh Hùng");
        for (var i = 0; i < 5; i++)
        {
            Assert.Single(host.Connector.SentTo("a:" + OutboxTestData.AadId(i)));
        }

        // The created chats are remembered for next time.
        var reference = await host.Service<IConversationReferenceStore>().FindPersonalAsync(OutboxTestData.AadId(0), CancellationToken.None);
        Assert.Equal("a:" + OutboxTestData.AadId(0), reference?.ConversationId);
    }

    [Fact]
    public async Task Sender_429WithRetryAfter_WaitsThatLongThenSends()
    {
        await using var host = await BotTestHost.StartAsync(storage, OutboxTestData.Settings());
        host.Connector.FailNext(429, "Throttled", TimeSpan.FromSeconds(7));
        var outbox = host.Service<IOutbox>();
        var start = host.Time.GetUtcNow();

        await outbox.EnqueueAsync([OutboxTestData.ToConversation("notice", "group", TestUsers.GroupChatId, host.Connector.ServiceUrl, "Thông báo")], CancellationToken.None);
        await OutboxDriver.RunUntilAsync(host, async () => (await outbox.GetAsync("notice", "group", CancellationToken.None))?.Attempts == 1);
        var afterThrottle = await outbox.GetAsync("notice", "group", CancellationToken.None);
        Assert.Equal(OutboxState.Pending, afterThrottle!.State);
        Assert.Equal("Throttled", afterThrottle.ErrorCode);

        await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, "notice", 1));

        var entry = await outbox.GetAsync("notice", "group", CancellationToken.None);
        Assert.Equal(OutboxState.Sent, entry!.State);
        Assert.Equal(2, entry.Attempts);
        Assert.True(entry.SentAt - start >= TimeSpan.FromSeconds(7), $"Sent {entry.SentAt - start} after the 429 that asked for 7 s.");
        Assert.Single(host.Connector.SentTo(TestUsers.GroupChatId), c => c.Status == 200);
    }

    [Fact]
    public async Task Sender_503ThenSuccess_RetriedWithBackoff()
    {
        await using var host = await BotTestHost.StartAsync(storage, OutboxTestData.Settings(null, ("Outbox:RetryBaseDelay", "00:00:03")));
        host.Connector.FailNext(503, "ServiceUnavailable");
        host.Connector.FailNext(503, "ServiceUnavailable");
        var outbox = host.Service<IOutbox>();
        var start = host.Time.GetUtcNow();

        await outbox.EnqueueAsync([OutboxTestData.ToConversation("notice", "group", TestUsers.GroupChatId, host.Connector.ServiceUrl, "Thông báo")], CancellationToken.None);
        await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, "notice", 1));

        var entry = await outbox.GetAsync("notice", "group", CancellationToken.None);
        Assert.Equal(OutboxState.Sent, entry!.State);
        Assert.Equal(3, entry.Attempts);
        Assert.True(entry.SentAt - start >= TimeSpan.FromSeconds(3 + 6), $"Back-off 3 s then 6 s expected; sent after {entry.SentAt - start}.");
    }

    [Fact]
    public async Task Sender_TransientEveryTime_FailsAfterMaxAttempts()
    {
        await using var host = await BotTestHost.StartAsync(storage, OutboxTestData.Settings(null, ("Outbox:MaxAttempts", "3"), ("Outbox:RetryBaseDelay", "00:00:01")));
        for (var i = 0; i < 5; i++)
        {
            host.Connector.FailNext(503, "ServiceUnavailable");
        }

        var outbox = host.Service<IOutbox>();
        await outbox.EnqueueAsync([OutboxTestData.ToConversation("notice", "group", TestUsers.GroupChatId, host.Connector.ServiceUrl, "Thông báo")], CancellationToken.None);
        await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, "notice", 1));

        var entry = await outbox.GetAsync("notice", "group", CancellationToken.None);
        Assert.Equal(OutboxState.Failed, entry!.State);
        Assert.Equal(3, entry.Attempts);
        Assert.Contains("đã thử 3 lần", entry.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(3, host.Connector.SentTo(TestUsers.GroupChatId).Count);

        // Organizers can put failed rows back; the fourth try then succeeds... after the two scripted failures left.
        var again = OutboxTestData.ToConversation("notice", "group", TestUsers.GroupChatId, host.Connector.ServiceUrl, "Thông báo");
        Assert.Equal(1, await outbox.RetryFailedAsync([again], CancellationToken.None));
        await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, "notice", 1));
        entry = await outbox.GetAsync("notice", "group", CancellationToken.None);
        Assert.Equal(OutboxState.Sent, entry!.State);
    }

    [Fact]
    public async Task Sender_403BotNotInConversationRoster_FailsAtOnceWithCodeAndReason()
    {
        await using var host = await BotTestHost.StartAsync(storage, OutboxTestData.Settings());
        host.Connector.FailNext(403, "BotNotInConversationRoster");
        var outbox = host.Service<IOutbox>();

        await outbox.EnqueueAsync([OutboxTestData.ToConversation("notice", "group", TestUsers.GroupChatId, host.Connector.ServiceUrl, "Thông báo")], CancellationToken.None);
        await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, "notice", 1));
        host.Time.Advance(TimeSpan.FromMinutes(30));
        await OutboxDriver.RunUntilAsync(host, () => Task.FromResult(true));

        var entry = await outbox.GetAsync("notice", "group", CancellationToken.None);
        Assert.Equal(OutboxState.Failed, entry!.State);
        Assert.Equal("BotNotInConversationRoster", entry.ErrorCode);
        Assert.Contains("chưa cài ứng dụng", entry.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(1, entry.Attempts);
        Assert.Single(host.Connector.SentTo(TestUsers.GroupChatId));
        var counts = await outbox.CountsAsync("notice", CancellationToken.None);
        Assert.Equal(new OutboxCounts(0, 0, 0, 1), counts);
    }

    [Fact]
    public async Task Sender_200InvitationsTo200People_TeamsLimitsNeverHit()
    {
        await using var host = await BotTestHost.StartAsync(storage, OutboxTestData.Settings());
        host.Connector.EnforceTeamsLimits = true;
        var outbox = host.Service<IOutbox>();
        var start = host.Time.GetUtcNow();

        await outbox.EnqueueAsync(Enumerable.Range(0, 200).Select(i => OutboxTestData.ToUser(Invitation, i)), CancellationToken.None);
        await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, Invitation, 200));

        Assert.Equal(0, host.Connector.ThrottledCount);
        var delivered = OutboxTestData.DeliveredPerConversation(host.Connector);
        Assert.Equal(200, delivered.Count);
        Assert.All(delivered.Values, v => Assert.Equal(1, v));
        Assert.Equal(new OutboxCounts(0, 0, 200, 0), await outbox.CountsAsync(Invitation, CancellationToken.None));

        // 200 creates + 200 sends at the 50/s tenant limit cannot take less than 8 s; one by one would take far longer.
        var elapsed = host.Time.GetUtcNow() - start;
        Assert.InRange(elapsed, TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Sender_30MessagesToOneGroupChat_TeamsLimitsNeverHitAndOrderKept()
    {
        await using var host = await BotTestHost.StartAsync(storage, OutboxTestData.Settings());
        host.Connector.EnforceTeamsLimits = true;
        var outbox = host.Service<IOutbox>();
        var messages = Enumerable.Range(1, 30)
            .Select(i => OutboxTestData.ToConversation("group-notice", $"msg-{i:D2}", TestUsers.GroupChatId, host.Connector.ServiceUrl, $"Tin {i:D2}"))
            .ToList();

        await outbox.EnqueueAsync(messages, CancellationToken.None);
        await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, "group-notice", 30));

        Assert.Equal(0, host.Connector.ThrottledCount);
        var texts = host.Connector.SentTo(TestUsers.GroupChatId).Where(c => c.Status == 200).Select(c => c.Text).ToList();
        Assert.Equal(messages.Select(m => m.Activity!.Text), texts);
    }

    [Fact]
    public async Task Sender_BudgetFreesWhileTheEarlierRowOfAChatWaits_LaterRowDoesNotOvertakeIt()
    {
        await using var host = await BotTestHost.StartAsync(storage, OutboxTestData.Settings(), configureServices: services =>
            services.AddSingleton<ISendBudget>(sp => new RefusesFirstSend(new ReservingSendBudget(sp.GetRequiredService<SendBudget>()), TestUsers.GroupChatId)));
        var outbox = host.Service<IOutbox>();
        var messages = Enumerable.Range(1, 3)
            .Select(i => OutboxTestData.ToConversation("group-notice", $"msg-{i:D2}", TestUsers.GroupChatId, host.Connector.ServiceUrl, $"Tin {i:D2}"))
            .ToList();

        await outbox.EnqueueAsync(messages, CancellationToken.None);
        await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, "group-notice", 3));

        var texts = host.Connector.SentTo(TestUsers.GroupChatId).Where(c => c.Status == 200).Select(c => c.Text).ToList();
        Assert.Equal(["Tin 01", "Tin 02", "Tin 03"], texts);
    }

    /// <summary>No room for the chat's first send; room from then on (as when a slot frees in the middle of a pass).</summary>
    private sealed class RefusesFirstSend(ISendBudget inner, string conversationId) : ISendBudget
    {
        private int _refused;

        public ValueTask AcquireAsync(BudgetOperation operation, string conversation, string? tenantId, CancellationToken cancellationToken) =>
            inner.AcquireAsync(operation, conversation, tenantId, cancellationToken);

        public bool TryAcquire(BudgetOperation operation, string conversation, string? tenantId, out TimeSpan retryAfter)
        {
            if (conversation == conversationId && Interlocked.Exchange(ref _refused, 1) == 0)
            {
                retryAfter = TimeSpan.FromSeconds(1);
                return false;
            }

            return inner.TryAcquire(operation, conversation, tenantId, out retryAfter);
        }
    }

    [Fact]
    public async Task Sender_TwoInstancesOnSameTables_DrainOnceWithoutDuplicates()
    {
        var prefix = AzuriteFixture.NewTablePrefix("o");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
        await using var connector = await FakeConnector.StartAsync(time);
        await using var first = await BotTestHost.StartAsync(storage, OutboxTestData.Settings(prefix), time, connector);
        await using var second = await BotTestHost.StartAsync(storage, OutboxTestData.Settings(prefix), time, connector);
        Assert.Equal(first.TablePrefix, second.TablePrefix);

        // Half from each instance, overlapping: the overlap must not be queued twice either.
        await first.Service<IOutbox>().EnqueueAsync(Enumerable.Range(0, 80).Select(i => OutboxTestData.ToUser(Invitation, i)), CancellationToken.None);
        await second.Service<IOutbox>().EnqueueAsync(Enumerable.Range(40, 80).Select(i => OutboxTestData.ToUser(Invitation, i)), CancellationToken.None);
        await OutboxDriver.RunUntilAsync(time, [first, second], OutboxDriver.AllSettled(first, Invitation, 120));

        var delivered = OutboxTestData.DeliveredPerConversation(connector);
        Assert.Equal(120, delivered.Count);
        Assert.All(delivered, d => Assert.Equal(1, d.Value));
        Assert.Equal(new OutboxCounts(0, 0, 120, 0), await second.Service<IOutbox>().CountsAsync(Invitation, CancellationToken.None));
    }

    [Fact]
    public async Task Sender_TwoInstancesWithTheWholeTenantWindowEach_OneSendsAtTheFullRateWithoutThrottling()
    {
        // Each instance is configured with the whole tenant window (50/s): the sender lease, not a hand-made share,
        // keeps their sum inside it.
        var prefix = AzuriteFixture.NewTablePrefix("o");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
        await using var connector = await FakeConnector.StartAsync(time);
        connector.EnforceTeamsLimits = true;
        await using var first = await BotTestHost.StartAsync(storage, OutboxTestData.Settings(prefix), time, connector);
        await using var second = await BotTestHost.StartAsync(storage, OutboxTestData.Settings(prefix), time, connector);
        const int total = 300;
        var start = time.GetUtcNow();

        await first.Service<IOutbox>().EnqueueAsync(
            Enumerable.Range(0, total).Select(i => OutboxTestData.ToConversation(Invitation, $"r{i:D3}", $"a:conv-{i:D3}", connector.ServiceUrl, $"Thư mời {i}")),
            CancellationToken.None);
        await OutboxDriver.RunUntilAsync(time, [first, second], OutboxDriver.AllSettled(first, Invitation, total));

        Assert.Equal(0, connector.ThrottledCount);
        var delivered = OutboxTestData.DeliveredPerConversation(connector);
        Assert.Equal(total, delivered.Count);
        Assert.All(delivered, d => Assert.Equal(1, d.Value));

        // 300 sends at 50 per 1.1 s (the window with its margin) end 5.5 s after the first; at half the rate each, 12 s.
        Assert.InRange(time.GetUtcNow() - start, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task Sender_StoppedMidwayAndAnInstanceDied_NewHostSendsTheRestOnce()
    {
        var prefix = AzuriteFixture.NewTablePrefix("c");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
        await using var connector = await FakeConnector.StartAsync(time);
        const int total = 60;

        var first = await BotTestHost.StartAsync(storage, OutboxTestData.Settings(prefix), time, connector);
        await first.Service<IOutbox>().EnqueueAsync(
            Enumerable.Range(0, total).Select(i => OutboxTestData.ToConversation(Invitation, $"r{i:D3}", $"a:conv-{i:D3}", connector.ServiceUrl, $"Thư mời {i}")),
            CancellationToken.None);
        var sender = first.Service<OutboxSender>();

        // Let part of the batch go out, then stop the host while sends are in flight.
        await OutboxDriver.RunUntilAsync(first, () => Task.FromResult(connector.Sends.Count >= 15));
        var tables = first.Service<TableStore>();
        await first.DisposeAsync();
        var sentBeforeStop = OutboxTestData.DeliveredPerConversation(connector).Count;
        Assert.InRange(sentBeforeStop, 15, total - 1);

        // A second instance died holding five rows: they stay claimed until its lease runs out.
        var table = await tables.GetTableAsync(TableOutbox.Table, CancellationToken.None);
        var orphans = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter: $"State eq 'Pending'", maxPerPage: 5))
        {
            row["State"] = "Sending";
            row["LeaseOwner"] = "dead-instance";
            row["LeaseUntil"] = time.GetUtcNow().AddMinutes(5);
            await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Merge);
            orphans.Add(row.GetString("ConversationId"));
            if (orphans.Count == 5)
            {
                break;
            }
        }

        Assert.Equal(5, orphans.Count);
        await using var second = await BotTestHost.StartAsync(storage, OutboxTestData.Settings(prefix), time, connector);
        await OutboxDriver.RunUntilAsync(second, () => Task.FromResult(OutboxTestData.DeliveredPerConversation(connector).Count >= total - 5));
        Assert.DoesNotContain(orphans, o => OutboxTestData.DeliveredPerConversation(connector).ContainsKey(o));

        await OutboxDriver.RunUntilAsync(second, OutboxDriver.AllSettled(second, Invitation, total));

        var delivered = OutboxTestData.DeliveredPerConversation(connector);
        Assert.Equal(total, delivered.Count);
        Assert.All(delivered, d => Assert.Equal(1, d.Value));
        Assert.Equal(new OutboxCounts(0, 0, total, 0), await second.Service<IOutbox>().CountsAsync(Invitation, CancellationToken.None));
        Assert.True(time.GetUtcNow() >= (await second.Service<IOutbox>().ListAsync(Invitation, CancellationToken.None)).Max(e => e.SentAt!.Value));
    }
}
