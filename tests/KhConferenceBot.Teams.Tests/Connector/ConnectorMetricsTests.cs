using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Tests.Connector.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace KhConferenceBot.Teams.Tests.Connector;

public sealed class ConnectorMetricsTests
{
    [Fact]
    public async Task SendToConversationAsync_503ThenSuccess_CountsOneRetryAndOneSuccessfulRequest()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        var factory = harness.Services.GetRequiredService<IMeterFactory>();
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            // Other tests run in parallel with their own factories; listen to this harness's meter only.
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ConnectorMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Tags(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Tags(tags))));
        listener.Start();
        harness.Connector.Enqueue(ScriptedResponse.Error(503, "ServiceUnavailable"));

        await harness.RunAsync(c => c.SendToConversationAsync(harness.ServiceUrl, "a:conv-1", ActivityBuilder.Message().Build(), default));

        var retry = Assert.Single(measurements, m => m.Instrument == "connector.retries");
        Assert.Equal("SendToConversation", retry.Tags["operation"]);
        var request = Assert.Single(measurements, m => m.Instrument == "connector.requests");
        Assert.Equal("success", request.Tags["result"]);
        Assert.Equal(2, measurements.Count(m => m.Instrument == "connector.budget_wait_ms"));
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }
}
