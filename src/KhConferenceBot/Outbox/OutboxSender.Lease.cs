using KhConferenceBot.Storage;

namespace KhConferenceBot.Outbox;

public sealed partial class OutboxSender
{
    /// <summary>On a graceful stop: another instance becomes the tenant's sender now rather than when the lease runs out.</summary>
    private async Task ReleaseLeasesAsync()
    {
        try
        {
            await _lease.ReleaseAllAsync(InstanceId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageOutage.IsOutage(ex) || ex is Azure.RequestFailedException)
        {
            // Storage is away: the lease runs out by itself within one lease period.
            LogLeaseNotReleased(_logger, InstanceId, ex.Message);
        }
    }

    [LoggerMessage(EventId = 4013, Level = LogLevel.Warning, Message = "Outbox sender {InstanceId} could not release its sender leases ({Reason}); they run out by themselves")]
    private static partial void LogLeaseNotReleased(ILogger logger, string instanceId, string reason);
}
