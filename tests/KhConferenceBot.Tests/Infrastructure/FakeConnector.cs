using System.Collections.Concurrent;
using System.Text.Json;
using KhConferenceBot.Teams.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KhConferenceBot.Tests.Infrastructure;

/// <summary>
/// A Bot Connector on 127.0.0.1 that records what the bot sends and answers like Teams: 201 with an id for sends,
/// a personal conversation for create-conversation, the stored activity for updates. Tests can script failures
/// (status codes per call) and turn on Teams' per-conversation and per-tenant rate limits, counted on the given clock.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedCall> _calls = new();
    private readonly ConcurrentQueue<Func<RecordedCall, IResult?>> _scripted = new();
    private readonly ConcurrentDictionary<string, List<DateTimeOffset>> _windows = new();
    private readonly ConcurrentDictionary<string, (int Status, string Code)> _createFailures = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _signalLock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Random _random = new(14);
    private int _nextId;
    private int _held;

    private FakeConnector(WebApplication app, TimeProvider time)
    {
        _app = app;
        Time = time;
    }

    public TimeProvider Time { get; }

    /// <summary>When on, the fake answers 429 Throttled exactly where Teams' documented limits would.</summary>
    public bool EnforceTeamsLimits { get; set; }

    public int ThrottledCount { get; private set; }

    /// <summary>
    /// The share of calls (0..1) answered 429 with Retry-After: 1 at random, besides the limits (which must be on):
    /// Teams throttles for reasons of its own too. Seeded, so a run can be repeated.
    /// </summary>
    public double RandomThrottleRate { get; set; }

    /// <summary>The 429s given by <see cref="RandomThrottleRate"/> (also counted in <see cref="ThrottledCount"/>).</summary>
    public int RandomThrottledCount { get; private set; }

    public Uri ServiceUrl { get; private set; } = null!;

    public IReadOnlyList<RecordedCall> Calls => [.. _calls];

    /// <summary>Messages posted (not updates) to a conversation, in order.</summary>
    public IReadOnlyList<RecordedCall> SentTo(string conversationId) =>
        [.. _calls.Where(c => c.Method == "POST" && c.ConversationId == conversationId && c.Activity is not null)];

    public IReadOnlyList<RecordedCall> Sends => [.. _calls.Where(c => c.Method == "POST" && c.Activity is not null)];

    public IReadOnlyList<RecordedCall> Updates => [.. _calls.Where(c => c.Method == "PUT")];

    public static async Task<FakeConnector> StartAsync(TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeConnector(app, time ?? TimeProvider.System);
        app.MapPost("/v3/conversations", (Delegate)((HttpContext h) => fake.CreateConversationAsync(h)));
        app.MapPost("/v3/conversations/{conversationId}/activities", (HttpContext h, string conversationId) => fake.RecordActivityAsync(h, conversationId, null, "POST"));
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", (HttpContext h, string conversationId, string activityId) => fake.RecordActivityAsync(h, conversationId, activityId, "POST"));
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (HttpContext h, string conversationId, string activityId) => fake.RecordActivityAsync(h, conversationId, activityId, "PUT"));
        app.MapDelete("/v3/conversations/{conversationId}/activities/{activityId}", (HttpContext h, string conversationId, string activityId) => fake.RecordActivityAsync(h, conversationId, activityId, "DELETE"));
        app.MapGet("/v3/conversations/{conversationId}/members", (string conversationId) => Results.Json(Array.Empty<object>()));
        await app.StartAsync().ConfigureAwait(false);
        fake.ServiceUrl = new Uri(app.Urls.First() + "/");
        return fake;
    }

    /// <summary>The next calls get these answers (e.g. 429 with Retry-After), one per call, before normal service resumes.</summary>
    public void Script(Func<RecordedCall, IResult?> answer) => _scripted.Enqueue(answer);

    public void FailNext(int status, string code, TimeSpan? retryAfter = null) => Script(_ => new ErrorResult(status, code, retryAfter));

    /// <summary>
    /// The next send is held without an answer until <paramref name="release"/> completes; then Teams takes it (it is
    /// recorded as delivered, even if the bot stopped waiting meanwhile, as a message that landed late) and answers 201.
    /// </summary>
    public void HangNext(Task release) => Script(call => new HeldResult(this, call, release));

    /// <summary>The next send is held and lands <paramref name="landsAfter"/> of the fake's clock after it arrived.</summary>
    public void HangNext(TimeSpan landsAfter) => Script(call =>
    {
        var landed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var timer = Time.CreateTimer(static s => ((TaskCompletionSource)s!).TrySetResult(), landed, landsAfter, Timeout.InfiniteTimeSpan);
        _ = landed.Task.ContinueWith(_ => timer.Dispose(), TaskScheduler.Default);
        return new HeldResult(this, call, landed.Task);
    });

    /// <summary>Opening a 1:1 chat with this member fails like this every time (e.g. 500 UserNotFound, as the Playground answers).</summary>
    public void FailCreateFor(string memberId, int status, string code) => _createFailures[memberId] = (status, code);

    public void StopFailingCreateFor(string memberId) => _createFailures.TryRemove(memberId, out _);

    /// <summary>Sends held by <see cref="HangNext"/> and not yet answered.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Completes when a recorded call matches; bounded so a broken test fails instead of hanging.</summary>
    public async Task<RecordedCall> WaitForAsync(Func<RecordedCall, bool> predicate, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            Task changed;
            lock (_signalLock)
            {
                changed = _changed.Task;
            }

            var found = _calls.FirstOrDefault(predicate);
            if (found is not null)
            {
                return found;
            }

            try
            {
                await changed.WaitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching connector call. Calls so far: {string.Join(", ", _calls.Select(c => c.Method + " " + c.Path))}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<IResult> CreateConversationAsync(HttpContext http)
    {
        var parameters = await JsonSerializer.DeserializeAsync<ConversationParameters>(http.Request.Body, TeamsJson.Options).ConfigureAwait(false);
        var member = parameters?.Members?.FirstOrDefault()?.Id ?? "unknown";
        var call = new RecordedCall("POST", http.Request.Path, "a:" + member, null, parameters?.Activity, http.Request.Headers.Authorization.ToString(), parameters);
        if (Throttle(call) is { } throttled)
        {
            Record(call with { Status = 429 });
            return throttled;
        }

        if (_createFailures.TryGetValue(member, out var failure))
        {
            Record(call with { Status = failure.Status });
            return new ErrorResult(failure.Status, failure.Code, null);
        }

        Record(call);
        return Results.Json(new ConversationResourceResponse { Id = "a:" + member }, TeamsJson.Options, statusCode: 201);
    }

    private async Task<IResult> RecordActivityAsync(HttpContext http, string conversationId, string? activityId, string method)
    {
        Activity? activity = null;
        if (method != "DELETE")
        {
            activity = await JsonSerializer.DeserializeAsync<Activity>(http.Request.Body, TeamsJson.Options).ConfigureAwait(false);
        }

        var call = new RecordedCall(method, http.Request.Path, Uri.UnescapeDataString(conversationId), activityId, activity, http.Request.Headers.Authorization.ToString(), null);
        if (_scripted.TryDequeue(out var answer) && answer(call) is { } scripted)
        {
            Record(call with { Status = 0 });
            return scripted;
        }

        if (Throttle(call) is { } throttled)
        {
            Record(call with { Status = 429 });
            return throttled;
        }

        Record(call);
        var id = method == "PUT" ? activityId! : "m" + Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return method == "DELETE" ? Results.Ok() : Results.Json(new ResourceResponse { Id = id }, TeamsJson.Options, statusCode: method == "PUT" ? 200 : 201);
    }

    private RecordedCall Record(RecordedCall call)
    {
        call = call with { At = Time.GetUtcNow() };
        _calls.Enqueue(call);
        Signal();
        return call;
    }

    private void Signal()
    {
        lock (_signalLock)
        {
            var previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            previous.TrySetResult();
        }
    }

    private ErrorResult? Throttle(RecordedCall call)
    {
        if (!EnforceTeamsLimits || call.Method == "GET")
        {
            return null;
        }

        var now = Time.GetUtcNow();
        lock (_windows)
        {
            if (RandomThrottleRate > 0 && _random.NextDouble() < RandomThrottleRate)
            {
                ThrottledCount++;
                RandomThrottledCount++;
                return new ErrorResult(429, "Throttled", TimeSpan.FromSeconds(1));
            }

            var conversation = _windows.GetOrAdd("c:" + call.ConversationId, _ => []);
            var tenant = _windows.GetOrAdd("tenant", _ => []);
            var exceeded =
                Count(conversation, now, TimeSpan.FromSeconds(1)) >= 7 ||
                Count(conversation, now, TimeSpan.FromSeconds(2)) >= 8 ||
                Count(conversation, now, TimeSpan.FromSeconds(30)) >= 60 ||
                Count(conversation, now, TimeSpan.FromHours(1)) >= 1800 ||
                Count(tenant, now, TimeSpan.FromSeconds(1)) >= 50;
            if (exceeded)
            {
                ThrottledCount++;
                return new ErrorResult(429, "Throttled", TimeSpan.FromSeconds(1));
            }

            conversation.Add(now);
            tenant.Add(now);
        }

        return null;
    }

    private static int Count(List<DateTimeOffset> times, DateTimeOffset now, TimeSpan window) => times.Count(t => now - t < window);

    private sealed class HeldResult(FakeConnector fake, RecordedCall call, Task release) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            Interlocked.Increment(ref fake._held);
            fake.Signal();
            try
            {
                await release.ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref fake._held);
            }

            fake.Record(call);
            var id = "m" + Interlocked.Increment(ref fake._nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!httpContext.RequestAborted.IsCancellationRequested)
            {
                httpContext.Response.StatusCode = 201;
                await httpContext.Response.WriteAsJsonAsync(new ResourceResponse { Id = id }, TeamsJson.Options).ConfigureAwait(false);
            }
        }
    }

    private sealed class ErrorResult(int status, string code, TimeSpan? retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            if (retryAfter is { } wait)
            {
                httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return httpContext.Response.WriteAsJsonAsync(new { error = new { code, message = code } });
        }
    }
}

public sealed record RecordedCall(
    string Method,
    string Path,
    string ConversationId,
    string? ActivityId,
    Activity? Activity,
    string Authorization,
    ConversationParameters? Parameters)
{
    public int Status { get; init; } = 200;

    /// <summary>When the fake recorded the call, on its clock.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The first Adaptive Card the activity carries, as JSON text ("" when none) — handy for Contains asserts.</summary>
    public string CardJson => Activity?.Attachments?.FirstOrDefault(a => a.ContentType == Attachment.AdaptiveCardContentType)?.Content is { } card ? JsonSerializer.Serialize(card, TeamsJson.Options) : "";

    public string Text => Activity?.Text ?? "";
}
