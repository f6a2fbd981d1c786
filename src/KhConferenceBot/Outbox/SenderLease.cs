using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using KhConferenceBot.Storage;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Outbox;

/// <summary>
/// Makes exactly one bot instance the active outbox sender for a tenant: a row per tenant in the "leases" table names
/// the holder and how long its claim runs (<see cref="OutboxOptions.SenderLeaseDuration"/>). The holder renews it with
/// an ETag-conditional write once a third of it has passed, so it sends at the full tenant rate while the others send
/// nothing for that tenant; when the holder dies, the row runs out and the next instance with work takes it at once.
/// </summary>
/// <remarks>
/// Teams counts the tenant's calls from every instance together, and each instance's <c>SendBudget</c> only sees its
/// own: before this lease, N instances each had to be configured to 1/N of the tenant window. The holder stops
/// sending when its own view of the lease ends (measured from before its renewal request left), which is never later
/// than the time written in the row; a new holder that takes over from another instance waits
/// <see cref="HandoverPause"/> first, so the old holder's last sends have left the tenant's one-second window.
/// Not thread-safe per tenant: the sender's dispatch loop is its only caller.
/// </remarks>
public sealed partial class SenderLease(TableStore tables, IOptions<OutboxOptions> options, TimeProvider time, ILogger<SenderLease> logger)
{
    internal const string Table = "leases";

    /// <summary>Longer than the tenant window (1 s) plus its margin: the previous holder's sends have all left it.</summary>
    public static readonly TimeSpan HandoverPause = TimeSpan.FromSeconds(2);

    private const string Partition = "outbox-sender";
    private const string OwnerColumn = "Owner";
    private const string UntilColumn = "Until";

    private readonly TimeSpan _duration = options.Value.SenderLeaseDuration;
    private readonly ConcurrentDictionary<string, Holding> _tenants = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether <paramref name="owner"/> may send for <paramref name="tenantId"/> now. Costs no storage call while the
    /// answer is known: a holder renews once per third of the lease, a follower reads once per lease period.
    /// </summary>
    public async ValueTask<LeaseCheck> CheckAsync(string? tenantId, string owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var key = KeyOf(tenantId);
        var holding = _tenants.GetOrAdd(key, static _ => new Holding());
        var now = time.GetUtcNow();

        if (holding.Held)
        {
            if (now < holding.RenewAt)
            {
                return holding.Answer(now);
            }

            if (await TryRenewAsync(key, holding, owner, now, cancellationToken).ConfigureAwait(false))
            {
                return holding.Answer(now);
            }
        }

        if (now < holding.NextReadAt)
        {
            return new LeaseCheck(false, holding.NextReadAt);
        }

        await TryTakeAsync(key, holding, owner, now, cancellationToken).ConfigureAwait(false);
        return holding.Held ? holding.Answer(now) : new LeaseCheck(false, holding.NextReadAt);
    }

    /// <summary>Gives up every lease <paramref name="owner"/> holds (a graceful stop), so another instance takes over at once.</summary>
    public async Task ReleaseAllAsync(string owner, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        foreach (var (key, holding) in _tenants)
        {
            if (!holding.Held)
            {
                continue;
            }

            holding.Held = false;
            try
            {
                var row = new TableEntity(Partition, key) { [OwnerColumn] = owner, [UntilColumn] = time.GetUtcNow() };
                await table.UpdateEntityAsync(row, holding.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                LogReleased(logger, owner, key);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Someone took it already: nothing to give back.
            }
        }
    }

    private async Task<bool> TryRenewAsync(string key, Holding holding, string owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
            var response = await table.UpdateEntityAsync(Row(key, owner, now + _duration), holding.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            holding.Hold(response.Headers.ETag ?? ETag.All, now, _duration, sendFrom: holding.SendFrom);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Taken over (we were too slow, or storage saw our lease run out): stop at once and read who has it.
            LogLost(logger, owner, key);
            holding.Held = false;
            holding.NextReadAt = DateTimeOffset.MinValue;
            return false;
        }
        catch (Exception ex) when (StorageOutage.IsOutage(ex) && now < holding.ValidUntil)
        {
            // Storage is away but our lease still runs: keep sending until it ends, trying to renew on each check.
            return true;
        }
        catch (Exception ex) when (StorageOutage.IsOutage(ex))
        {
            holding.Held = false;
            throw;
        }
    }

    private async Task TryTakeAsync(string key, Holding holding, string owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, key, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            if (!found.HasValue || found.Value is null)
            {
                var added = await table.AddEntityAsync(Row(key, owner, now + _duration), cancellationToken).ConfigureAwait(false);
                holding.Hold(added.Headers.ETag ?? ETag.All, now, _duration, sendFrom: now);
                LogTaken(logger, owner, key, "none");
                return;
            }

            var current = found.Value;
            var holder = current.GetString(OwnerColumn);
            var until = current.GetDateTimeOffset(UntilColumn) ?? DateTimeOffset.MinValue;
            if (until > now && !string.Equals(holder, owner, StringComparison.Ordinal))
            {
                // Someone else sends for this tenant. Look again when their claim would end unless renewed; a clock
                // far ahead on their side is not trusted for longer than one lease period.
                holding.Held = false;
                holding.NextReadAt = until < now + _duration ? until : now + _duration;
                return;
            }

            var response = await table.UpdateEntityAsync(Row(key, owner, now + _duration), current.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            var handover = string.Equals(holder, owner, StringComparison.Ordinal) ? now : now + HandoverPause;
            holding.Hold(response.Headers.ETag ?? ETag.All, now, _duration, handover);
            LogTaken(logger, owner, key, holder ?? "none");
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Another instance took it between our read and our write: it is theirs; read again in a third of a period.
            holding.Held = false;
            holding.NextReadAt = now + (_duration / 3);
        }
    }

    private static TableEntity Row(string key, string owner, DateTimeOffset until) => new(Partition, key)
    {
        [OwnerColumn] = owner,
        [UntilColumn] = until,
    };

    // The tenant id is a GUID from Teams; an unknown tenant shares one lease as it shares one budget.
    private static string KeyOf(string? tenantId) => string.IsNullOrEmpty(tenantId) ? "unknown-tenant" : TableKeys.Encode(tenantId);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Information, Message = "Outbox sender {Owner} is now the sender for tenant {Tenant} (previous holder {Previous})")]
    private static partial void LogTaken(ILogger logger, string owner, string tenant, string previous);

    [LoggerMessage(EventId = 4031, Level = LogLevel.Warning, Message = "Outbox sender {Owner} lost the sender lease of tenant {Tenant} to another instance")]
    private static partial void LogLost(ILogger logger, string owner, string tenant);

    [LoggerMessage(EventId = 4032, Level = LogLevel.Information, Message = "Outbox sender {Owner} released the sender lease of tenant {Tenant}")]
    private static partial void LogReleased(ILogger logger, string owner, string tenant);

    private sealed class Holding
    {
        public bool Held { get; set; }

        public ETag ETag { get; private set; }

        /// <summary>Our own view of the end of the lease: from before the write that set it, so never after the row's.</summary>
        public DateTimeOffset ValidUntil { get; private set; }

        public DateTimeOffset RenewAt { get; private set; }

        public DateTimeOffset SendFrom { get; private set; }

        public DateTimeOffset NextReadAt { get; set; } = DateTimeOffset.MinValue;

        public void Hold(ETag etag, DateTimeOffset requestedAt, TimeSpan duration, DateTimeOffset sendFrom)
        {
            Held = true;
            ETag = etag;
            ValidUntil = requestedAt + duration;
            RenewAt = requestedAt + (duration / 3);
            SendFrom = sendFrom;
        }

        public LeaseCheck Answer(DateTimeOffset now) => now < SendFrom ? new LeaseCheck(false, SendFrom) : new LeaseCheck(true, RenewAt);
    }
}

/// <summary>Whether this instance may send for the tenant now; if not, when to ask again.</summary>
public readonly record struct LeaseCheck(bool Held, DateTimeOffset NextCheckAt);
