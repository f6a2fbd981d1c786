using System.Diagnostics.Metrics;

namespace KhConferenceBot.Outbox;

/// <summary>Meter "KhConferenceBot.Outbox": what was delivered, what failed and why, and how much is waiting.</summary>
public sealed class OutboxMetrics
{
    public const string MeterName = "KhConferenceBot.Outbox";

    private long _depth;

    public OutboxMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        Sent = meter.CreateCounter<long>("khcb.outbox.sent", unit: "{message}", description: "Messages Teams accepted, by purpose.");
        Failed = meter.CreateCounter<long>("khcb.outbox.failed", unit: "{message}", description: "Messages given up on, by purpose and Teams error code.");
        Retried = meter.CreateCounter<long>("khcb.outbox.retried", unit: "{message}", description: "Transient failures put back in the queue, by purpose and Teams error code.");
        Uncertain = meter.CreateCounter<long>("khcb.outbox.uncertain", unit: "{message}", description: "Sends Teams never answered, sent again at the risk of a duplicate, by purpose.");
        meter.CreateObservableGauge("khcb.outbox.depth", () => Interlocked.Read(ref _depth), unit: "{message}", description: "Due rows seen by the last table scan.");
    }

    public Counter<long> Sent { get; }

    public Counter<long> Failed { get; }

    public Counter<long> Retried { get; }

    public Counter<long> Uncertain { get; }

    public long Depth => Interlocked.Read(ref _depth);

    internal void SetDepth(long depth) => Interlocked.Exchange(ref _depth, depth);
}
