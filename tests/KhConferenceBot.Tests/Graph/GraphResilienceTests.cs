using System.Collections.Concurrent;
using System.Net;
using KhConferenceBot.Graph;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Chat = Microsoft.Graph.Models.Chat;
using ChatType = Microsoft.Graph.Models.ChatType;

namespace KhConferenceBot.Tests.Graph;

/// <summary>The Graph client's retries, against a scripted Graph on 127.0.0.1, on a fake clock.</summary>
public sealed class GraphResilienceTests : IAsyncLifetime
{
    private readonly TimerWatchingTimeProvider _time = new();
    private ScriptedGraph _graph = null!;
    private ServiceProvider _services = null!;

    private GraphServiceClient Client => _services.GetRequiredService<GraphServiceClient>();

    public async Task InitializeAsync()
    {
        _graph = await ScriptedGraph.StartAsync(_time);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:MicrosoftAppId"] = "5d8a7c2e-1b3f-4e6a-9c0d-7e2f1a3b4c5d",
            ["Bot:MicrosoftAppPassword"] = "not-a-real-secret",
            ["Bot:TenantId"] = "tenant-1",
            ["Graph:BaseUrl"] = _graph.BaseUrl.ToString(),
            ["Bot:AuthorityHost"] = _graph.AuthorityHost.ToString(),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddLogging();
        services.AddTeamsConnector(configuration);
        services.AddHttpClient(ConnectorServiceCollectionExtensions.TokenHttpClientName).ConfigurePrimaryHttpMessageHandler(TestCertificate.CreateTrustingHandler);
        services.AddConferenceGraph(configuration);
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _graph.DisposeAsync();
    }

    [Fact]
    public async Task GetUser_429WithRetryAfter_RetriedAfterExactlyThatLongOnTheClock()
    {
        _graph.Script(HttpStatusCode.TooManyRequests, retryAfterSeconds: 7);

        var call = Client.Users["mai.anh@khanhhoa.gov.vn"].GetAsync();
        await _time.AdvanceWhenDelayedAsync(TimeSpan.FromSeconds(7));
        var user = await call;

        Assert.Equal("user-1", user?.Id);
        var calls = _graph.Calls.Where(c => c.Method == "GET").ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal(TimeSpan.FromSeconds(7), calls[1].At - calls[0].At);
    }

    [Fact]
    public async Task GetUser_503WithoutRetryAfter_RetriedWithBackoffThenSucceeds()
    {
        _graph.Script(HttpStatusCode.ServiceUnavailable);
        _graph.Script(HttpStatusCode.ServiceUnavailable);

        var call = Client.Users["mai.anh@khanhhoa.gov.vn"].GetAsync();
        await _time.AdvanceWhenDelayedAsync(null);
        await _time.AdvanceWhenDelayedAsync(null);
        var user = await call;

        Assert.Equal("user-1", user?.Id);
        Assert.Equal(3, _graph.Calls.Count(c => c.Method == "GET"));
    }

    [Fact]
    public async Task GetUser_AlwaysThrottled_GivesUpAfterMaxRetries()
    {
        for (var i = 0; i <= GraphResilience.MaxRetries + 1; i++)
        {
            _graph.Script(HttpStatusCode.TooManyRequests, retryAfterSeconds: 1);
        }

        var call = Client.Users["mai.anh@khanhhoa.gov.vn"].GetAsync();
        for (var i = 0; i < GraphResilience.MaxRetries; i++)
        {
            await _time.AdvanceWhenDelayedAsync(TimeSpan.FromSeconds(1));
        }

        var error = await Assert.ThrowsAsync<ODataError>(() => call);
        Assert.Equal(429, error.ResponseStatusCode);
        Assert.Equal(GraphResilience.MaxRetries + 1, _graph.Calls.Count(c => c.Method == "GET"));
    }

    [Fact]
    public async Task CreateChat_429WithRetryAfter_RetriedWithTheSameBody()
    {
        _graph.Script(HttpStatusCode.TooManyRequests, retryAfterSeconds: 3);

        var call = Client.Chats.PostAsync(new Chat { ChatType = ChatType.Group, Topic = "Hội nghị Chỉ số 2022" });
        await _time.AdvanceWhenDelayedAsync(TimeSpan.FromSeconds(3));
        var chat = await call;

        Assert.Equal("19:chat-1@thread.v2", chat?.Id);
        var posts = _graph.Calls.Where(c => c.Method == "POST" && c.Path.EndsWith("/chats", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, posts.Count);
        using var retried = System.Text.Json.JsonDocument.Parse(posts[1].Body);
        Assert.Equal("Hội nghị Chỉ số 2022", retried.RootElement.GetProperty("topic").GetString());
        Assert.Equal(posts[0].Body, posts[1].Body);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task CreateChat_FailureThatMayHaveRun_NotRetried(HttpStatusCode status)
    {
        _graph.Script(status);

        var error = await Assert.ThrowsAsync<ODataError>(() => Client.Chats.PostAsync(new Chat { ChatType = ChatType.Group, Topic = "x" }));

        Assert.Equal((int)status, error.ResponseStatusCode);
        Assert.Single(_graph.Calls, c => c.Method == "POST" && c.Path.EndsWith("/chats", StringComparison.Ordinal));
    }

    /// <summary>A fake clock that reports the timers the code under test starts, so a test advances it only once it waits.</summary>
    private sealed class TimerWatchingTimeProvider() : FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero))
    {
        private readonly ConcurrentQueue<TimeSpan> _started = new();
        private readonly SemaphoreSlim _signal = new(0);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
            {
                _started.Enqueue(dueTime);
                _signal.Release();
            }

            return timer;
        }

        /// <summary>
        /// Waits for the retry's delay timer (<paramref name="expected"/>, or any that is not one of the pipeline's
        /// timeouts), then moves the clock by exactly that delay. The 30 s bound only turns a missing timer into a failure.
        /// </summary>
        public async Task AdvanceWhenDelayedAsync(TimeSpan? expected)
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                await _signal.WaitAsync(bound.Token);
                if (!_started.TryDequeue(out var due) || due == GraphResilience.AttemptTimeout || due == GraphResilience.TotalTimeout)
                {
                    continue;
                }

                Assert.Equal(expected ?? due, due);
                Advance(due);
                return;
            }
        }
    }

    private sealed record GraphCall(string Method, string Path, DateTimeOffset At, string Body);

    /// <summary>Graph's users and chats routes answering scripted failures first, then success; plus a token endpoint.</summary>
    private sealed class ScriptedGraph(TimeProvider time) : LoopbackGraph
    {
        private readonly ConcurrentQueue<(HttpStatusCode Status, int? RetryAfter)> _script = new();

        public ConcurrentQueue<GraphCall> Calls { get; } = new();

        public void Script(HttpStatusCode status, int? retryAfterSeconds = null) => _script.Enqueue((status, retryAfterSeconds));

        public static Task<ScriptedGraph> StartAsync(TimeProvider time) => StartAsync(new ScriptedGraph(time));

        protected override void Map(WebApplication app)
        {
            app.MapGet("/v1.0/users/{id}", (string id, HttpContext h) => AnswerAsync(h, new { id = "user-1" }));
            app.MapPost("/v1.0/chats", (HttpContext h, CancellationToken aborted) => AnswerAsync(h, new { id = "19:chat-1@thread.v2", chatType = "group" }));
        }

        private async Task<IResult> AnswerAsync(HttpContext h, object success)
        {
            using var reader = new StreamReader(h.Request.Body);
            Calls.Enqueue(new GraphCall(h.Request.Method, h.Request.Path.Value ?? "", time.GetUtcNow(), await reader.ReadToEndAsync()));
            if (!_script.TryDequeue(out var next))
            {
                return Results.Json(success, statusCode: h.Request.Method == "POST" ? 201 : 200);
            }

            if (next.RetryAfter is { } seconds)
            {
                h.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Error((int)next.Status, next.Status.ToString(), "scripted");
        }
    }
}
