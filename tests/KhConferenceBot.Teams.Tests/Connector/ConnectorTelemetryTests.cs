using System.Collections.Concurrent;
using System.Diagnostics;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Tests.Connector.Fakes;

namespace KhConferenceBot.Teams.Tests.Connector;

/// <summary>The "KhConferenceBot.Teams" activity source: one client span per Connector call, whatever its retries.</summary>
public sealed class ConnectorTelemetryTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly Activity _test = new Activity("test").Start();
    private readonly ActivityListener _listener;

    public ConnectorTelemetryTests()
    {
        // Other tests send in parallel: keep only the spans of this test's trace.
        var traceId = _test.TraceId;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ConnectorTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span =>
            {
                if (span.TraceId == traceId)
                {
                    _spans.Enqueue(span);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _test.Dispose();
    }

    [Fact]
    public async Task SendToConversationAsync_503ThenSuccess_OneClientSpanWithTwoAttempts()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Connector.Enqueue(ScriptedResponse.Error(503, "ServiceUnavailable"));

        await harness.RunAsync(c => c.SendToConversationAsync(harness.ServiceUrl, "a:conv-secret", ActivityBuilder.Message().Build(), default));

        var span = Assert.Single(_spans);
        Assert.Equal("connector SendToConversation", span.OperationName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal(_test.SpanId, span.ParentSpanId);
        Assert.Equal("SendToConversation", span.GetTagItem("connector.operation"));
        Assert.Equal("POST", span.GetTagItem("http.request.method"));
        Assert.Equal(2, span.GetTagItem("connector.attempts"));
        Assert.Equal(ActivityStatusCode.Ok, span.Status);
        Assert.DoesNotContain(span.TagObjects, tag => tag.Value?.ToString()?.Contains("conv-secret", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task UpdateActivityAsync_PermanentError_SpanMarkedWithErrorKind()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Connector.Enqueue(ScriptedResponse.Error(403, "ConversationBlockedByUser"));

        await Assert.ThrowsAsync<ConnectorException>(() => harness.RunAsync(c => c.UpdateActivityAsync(harness.ServiceUrl, "a:conv-1", "1:5", ActivityBuilder.Message().Build(), default)));

        var span = Assert.Single(_spans);
        Assert.Equal("connector UpdateActivity", span.OperationName);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(403, span.GetTagItem("http.response.status_code"));
        Assert.Equal(nameof(TeamsErrorKind.ConversationBlockedByUser), span.GetTagItem("error.type"));
        Assert.Equal(1, span.GetTagItem("connector.attempts"));
    }

    [Fact]
    public async Task SendToConversationAsync_UntrustedHost_SpanMarkedWithoutAttempt()
    {
        await using var harness = await ConnectorHarness.StartAsync();

        await Assert.ThrowsAsync<ConnectorException>(() => harness.Client.SendToConversationAsync(harness.Tokens.BaseAddress + "teams/", "a:conv-1", ActivityBuilder.Message().Build(), default));

        var span = Assert.Single(_spans);
        Assert.Equal(nameof(TeamsErrorKind.UntrustedServiceUrl), span.GetTagItem("error.type"));
        Assert.Null(span.GetTagItem("connector.attempts"));
    }
}
