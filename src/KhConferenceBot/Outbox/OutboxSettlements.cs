using System.Collections.Concurrent;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Outbox;

/// <summary>
/// Outcomes the sender knows but could not write because storage did not answer: "Teams accepted it", "try again at",
/// "failed because". They are kept here and written again at every pass of the sender until storage takes them, and
/// the rows they belong to are not sent meanwhile. Without this a row whose "sent" was not recorded went out again
/// when its lease ran out, and a row that was not released waited the whole lease (5 minutes) after a short outage.
/// </summary>
/// <remarks>Held in memory: if the process dies during the outage the lease decides, as after any crash.</remarks>
internal sealed partial class OutboxSettlements(ILogger logger)
{
    private readonly ConcurrentDictionary<(string, string), Pending> _pending = new();

    public int Count => _pending.Count;

    public bool Contains((string, string) key) => _pending.ContainsKey(key);

    /// <summary>Writes now; keeps the write for later when storage fails. True when it was written now.</summary>
    public async Task<bool> WriteAsync(OutboxRow row, string what, Func<CancellationToken, Task> write)
    {
        try
        {
            await write(CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Any failure, not only the ones known as outages: a socket error the SDK does not wrap (SocketException
            // "Transport endpoint is not connected" after a reset) escaped here once and the row, already at Teams,
            // went out again after its lease. An outcome that is not written is kept; it is never dropped.
            LogDeferred(logger, row.Purpose, row.RecipientKey, what, ex);
            _pending[row.Key] = new Pending(row.Purpose, row.RecipientKey, what, write);
            return false;
        }
    }

    /// <summary>Tries every kept write once; returns how many are still waiting.</summary>
    public async Task<int> RetryAsync()
    {
        foreach (var (key, pending) in _pending)
        {
            try
            {
                await pending.Write(CancellationToken.None).ConfigureAwait(false);
                _pending.TryRemove(key, out _);
                LogSettled(logger, pending.Purpose, pending.RecipientKey, pending.What);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Storage is still away; every other kept write would fail the same way, so stop for this pass.
                return _pending.Count;
            }
        }

        return _pending.Count;
    }

    /// <summary>
    /// Storage did not answer (<see cref="StorageOutage.IsOutage"/>: refused or reset connections, 5xx, Azure's retries
    /// exhausted) or failed a request in a way worth retrying later (any other status, its own timeout: a
    /// TaskCanceledException that nobody asked for).
    /// </summary>
    public static bool IsStorageFailure(Exception ex) =>
        StorageOutage.IsOutage(ex) || ex is Azure.RequestFailedException or OperationCanceledException { CancellationToken.IsCancellationRequested: false };

    private sealed record Pending(string Purpose, string RecipientKey, string What, Func<CancellationToken, Task> Write);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Outbox {Purpose}/{RecipientKey}: storage did not take '{What}'; kept to write again, the row is not sent meanwhile")]
    private static partial void LogDeferred(ILogger logger, string purpose, string recipientKey, string what, Exception exception);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "Outbox {Purpose}/{RecipientKey}: '{What}' written after storage came back")]
    private static partial void LogSettled(ILogger logger, string purpose, string recipientKey, string what);
}
