using System.Collections.Concurrent;
using System.Diagnostics;
using KhConferenceBot.Bot;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Bot;

[Collection(StorageCollection.Name)]
public sealed class BotTracingTests(AzuriteFixture storage) : IAsyncLifetime
{
    private readonly ConcurrentBag<Activity> _spans = [];
    private ActivityListener _listener = null!;
    private BotTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == BotTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Add,
        };
        ActivitySource.AddActivityListener(_listener);
        _host = await BotTestHost.StartAsync(storage);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _listener.Dispose();
    }

    [Fact]
    public async Task CardAction_SpanWithItsVerbInsideTheTurnSpan()
    {
        var verb = "tracing.probe-" + Guid.NewGuid().ToString("N")[..8];

        await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, verb));

        var action = Assert.Single(_spans, s => s.OperationName == "bot.card_action" && (string?)s.GetTagItem("card.verb") == verb);
        var turn = Assert.Single(_spans, s => s.SpanId == action.ParentSpanId);
        Assert.Equal("bot.turn invoke", turn.OperationName);
        Assert.Equal("invoke", turn.GetTagItem("activity.type"));
    }
}
