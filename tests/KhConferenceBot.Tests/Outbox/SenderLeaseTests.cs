using Azure.Data.Tables;
using KhConferenceBot.Outbox;
using KhConferenceBot.Storage;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Tests.Outbox;

[Collection(StorageCollection.Name)]
public sealed class SenderLeaseTests(AzuriteFixture storage)
{
    private const string Tenant = "tenant-khanh-hoa";
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task CheckAsync_LeaderKilled_FollowerTakesOverWithinOneLeasePeriodAndLeaderStandsDown()
    {
        var (time, leader, follower) = TwoInstances();

        Assert.True((await leader.CheckAsync(Tenant, "a", CancellationToken.None)).Held);
        var refused = await follower.CheckAsync(Tenant, "b", CancellationToken.None);
        Assert.False(refused.Held);

        // The leader keeps renewing while it works: the follower never gets the tenant.
        for (var i = 0; i < 6; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            Assert.True((await leader.CheckAsync(Tenant, "a", CancellationToken.None)).Held);
            Assert.False((await follower.CheckAsync(Tenant, "b", CancellationToken.None)).Held);
        }

        // The leader dies right after its last renewal. The follower asks whenever it is told to.
        var lastRenewal = time.GetUtcNow();
        LeaseCheck check;
        while (!(check = await follower.CheckAsync(Tenant, "b", CancellationToken.None)).Held)
        {
            Assert.True(check.NextCheckAt > time.GetUtcNow(), "A refused check says when to ask again, in the future.");
            time.Advance(check.NextCheckAt - time.GetUtcNow());
            Assert.True(time.GetUtcNow() - lastRenewal <= Duration + SenderLease.HandoverPause, $"Still not taken over {time.GetUtcNow() - lastRenewal} after the leader's last renewal.");
        }

        Assert.True(time.GetUtcNow() - lastRenewal >= Duration, "Taken over before the dead leader's lease ran out.");

        // The old leader comes back (a long GC pause, a frozen VM): its renewal fails and it stops sending.
        Assert.False((await leader.CheckAsync(Tenant, "a", CancellationToken.None)).Held);
        Assert.True((await follower.CheckAsync(Tenant, "b", CancellationToken.None)).Held);
    }

    [Fact]
    public async Task ReleaseAllAsync_GracefulStop_OtherInstanceTakesOverBeforeTheLeaseWouldEnd()
    {
        var (time, first, second) = TwoInstances();
        Assert.True((await first.CheckAsync(Tenant, "a", CancellationToken.None)).Held);
        var refused = await second.CheckAsync(Tenant, "b", CancellationToken.None);
        Assert.False(refused.Held);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True((await first.CheckAsync(Tenant, "a", CancellationToken.None)).Held); // renewed: runs until +20 s

        await first.ReleaseAllAsync("a", CancellationToken.None);
        time.Advance(refused.NextCheckAt - time.GetUtcNow()); // +15 s: without the release the lease would run 5 s more
        var check = await second.CheckAsync(Tenant, "b", CancellationToken.None);
        Assert.False(check.Held);
        Assert.Equal(time.GetUtcNow() + SenderLease.HandoverPause, check.NextCheckAt);
        time.Advance(SenderLease.HandoverPause);
        Assert.True((await second.CheckAsync(Tenant, "b", CancellationToken.None)).Held);
        Assert.False((await first.CheckAsync(Tenant, "a", CancellationToken.None)).Held);
    }

    [Fact]
    public async Task CheckAsync_TwoTenants_EachHasItsOwnLease()
    {
        var (time, first, second) = TwoInstances();

        Assert.True((await first.CheckAsync("tenant-1", "a", CancellationToken.None)).Held);
        Assert.True((await second.CheckAsync("tenant-2", "b", CancellationToken.None)).Held);
        Assert.False((await second.CheckAsync("tenant-1", "b", CancellationToken.None)).Held);
        Assert.False((await first.CheckAsync("tenant-2", "a", CancellationToken.None)).Held);
    }

    /// <summary>Two instances' leases on the same tables and clock.</summary>
    private (FakeTimeProvider Time, SenderLease First, SenderLease Second) TwoInstances()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
        var prefix = AzuriteFixture.NewTablePrefix("l");
        return (time, NewLease(prefix, time), NewLease(prefix, time));
    }

    private SenderLease NewLease(string prefix, TimeProvider time) => new(
        new TableStore(new TableServiceClient(storage.ConnectionString), Options.Create(new StorageOptions { ConnectionString = storage.ConnectionString, TablePrefix = prefix })),
        Options.Create(new OutboxOptions { SenderLeaseDuration = Duration }),
        time,
        NullLogger<SenderLease>.Instance);
}
