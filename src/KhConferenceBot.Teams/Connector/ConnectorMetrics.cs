using System.Diagnostics.Metrics;

namespace KhConferenceBot.Teams.Connector;

/// <summary>Instruments for outbound Connector traffic. Tags carry operation names and error kinds only, never ids.</summary>
public sealed class ConnectorMetrics
{
    public const string MeterName = "KhConferenceBot.Teams";

    public ConnectorMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        Requests = meter.CreateCounter<long>("connector.requests", unit: "{request}", description: "Connector calls by operation and final result");
        Retries = meter.CreateCounter<long>("connector.retries", unit: "{retry}", description: "Connector attempts repeated after a transient failure");
        BudgetWait = meter.CreateHistogram<double>("connector.budget_wait_ms", unit: "ms", description: "Time a call waited for the Teams rate-limit budget");
    }

    internal Counter<long> Requests { get; }

    internal Counter<long> Retries { get; }

    internal Histogram<double> BudgetWait { get; }
}
