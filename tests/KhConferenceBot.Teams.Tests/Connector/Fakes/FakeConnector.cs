using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace KhConferenceBot.Teams.Tests.Connector.Fakes;

/// <summary>
/// A local Bot Connector: records every call, answers like Teams by default, can be scripted per request, and enforces
/// the Teams rate limits on the shared fake clock (answering 429 Throttled as Teams would).
/// </summary>
internal sealed class FakeConnector : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly TeamsLimitEnforcer _limits = new();
    private readonly List<RecordedCall> _calls = [];
    private readonly Queue<ScriptedResponse> _script = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private LoopbackServer? _server;
    private readonly ConcurrentDictionary<string, byte> _hung = new(StringComparer.Ordinal);
    private int _throttled;
    private int _ids;

    private FakeConnector(TimeProvider time) => _time = time;

    public Uri BaseAddress => _server!.BaseAddress;

    /// <summary>The service URL a Teams activity would carry for this fake (with a region-like path, as Teams has).</summary>
    public string ServiceUrl => BaseAddress + "teams/";

    /// <summary>True while the fake is holding the call with this test call id unanswered.</summary>
    public bool IsHung(string callId) => _hung.ContainsKey(callId);

    /// <summary>429s the fake answered because the client exceeded a Teams limit (not scripted ones).</summary>
    public int ThrottledByLimits => Volatile.Read(ref _throttled);

    public bool EnforceLimits { get; set; } = true;

    public IReadOnlyList<RecordedCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public static async Task<FakeConnector> StartAsync(TimeProvider time)
    {
        var fake = new FakeConnector(time);
        fake._server = await LoopbackServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    /// <summary>The next requests (in order) get these answers instead of the default.</summary>
    public void Enqueue(params ScriptedResponse[] responses)
    {
        lock (_gate)
        {
            foreach (var response in responses)
            {
                _script.Enqueue(response);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var now = _time.GetUtcNow();
        var request = context.Request;
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var route = Route.Parse(request.Method, rawTarget);
        var tenant = TenantOf(body);
        var call = new RecordedCall(
            request.Method,
            rawTarget,
            request.PathBase + request.Path,
            request.QueryString.Value ?? string.Empty,
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body,
            now,
            route.ConversationId,
            tenant);

        ScriptedResponse? scripted;
        int id;
        lock (_gate)
        {
            _calls.Add(call);
            scripted = _script.TryDequeue(out var next) ? next : null;
            id = ++_ids;
        }

        context.Response.Headers["X-Correlating-OperationId"] = "corr-" + id;
        if (scripted is not null)
        {
            await AnswerScriptedAsync(context, scripted);
            return;
        }

        // A create is counted against the 1:1 thread it opens, which is known only by its member.
        var limitKey = route.ConversationId ?? "create:" + FirstMemberOf(body);
        if (EnforceLimits && !_limits.TryAdmit(route.IsRead, limitKey, tenant ?? "unknown", now))
        {
            Interlocked.Increment(ref _throttled);
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "1";
            await context.Response.WriteAsync(ScriptedResponse.ErrorBody("Throttled", "Too many requests"));
            return;
        }

        await AnswerDefaultAsync(context, route, id);
    }

    private async Task AnswerScriptedAsync(HttpContext context, ScriptedResponse scripted)
    {
        if (scripted.Hang)
        {
            var callId = context.Request.Headers[TimeDriver.CallIdHeader].ToString();
            _hung[callId] = 0;
            try
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
                await Task.Delay(Timeout.Infinite, linked.Token);
            }
            catch (OperationCanceledException)
            {
                // The client gave up (its timeout) or the fake is stopping: both end the hang.
            }
            finally
            {
                _hung.TryRemove(callId, out _);
            }

            return;
        }

        context.Response.StatusCode = scripted.StatusCode;
        foreach (var (name, value) in scripted.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (scripted.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(scripted.Body);
        }
    }

    private static async Task AnswerDefaultAsync(HttpContext context, Route route, int id)
    {
        var (status, body) = route.Kind switch
        {
            RouteKind.CreateConversation => (201, $$"""{"id":"a:created-{{id}}","activityId":"1:{{id}}"}"""),
            RouteKind.Send or RouteKind.Reply => (201, $$"""{"id":"1:{{id}}"}"""),
            RouteKind.Update => (200, $$"""{"id":"{{route.ActivityId}}"}"""),
            RouteKind.Delete => (200, null),
            RouteKind.Members => (200, """[{"id":"29:one","name":"Một","aadObjectId":"oid-1","email":"mot@example.test"},{"id":"29:two","name":"Hai"}]"""),
            RouteKind.PagedMembers => (200, """{"continuationToken":"next-page","members":[{"id":"29:one","name":"Một"}]}"""),
            RouteKind.Member => (200, $$"""{"id":{{JsonSerializer.Serialize(route.UserId)}},"name":"Một","userPrincipalName":"mot@example.test"}"""),
            _ => (404, ScriptedResponse.ErrorBody("NotFound", "no such route")),
        };
        context.Response.StatusCode = status;
        if (body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        }
    }

    private static string? FirstMemberOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("members", out var members) && members.GetArrayLength() > 0
                ? members[0].GetProperty("id").GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? TenantOf(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.TryGetProperty("channelData", out var channelData) && channelData.TryGetProperty("tenant", out var t) && t.TryGetProperty("id", out var id))
            {
                return id.GetString();
            }

            if (root.TryGetProperty("tenantId", out var tenantId))
            {
                return tenantId.GetString();
            }

            return root.TryGetProperty("conversation", out var conversation) && conversation.TryGetProperty("tenantId", out var convTenant) ? convTenant.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal enum RouteKind
    {
        Unknown,
        CreateConversation,
        Send,
        Reply,
        Update,
        Delete,
        Members,
        PagedMembers,
        Member,
    }

    internal sealed record Route(RouteKind Kind, string? ConversationId, string? ActivityId, string? UserId)
    {
        public bool IsRead => Kind is RouteKind.Members or RouteKind.PagedMembers or RouteKind.Member;

        /// <summary>Parses the raw target segment by segment, so an escaped ':' or ';' in an id cannot split it.</summary>
        public static Route Parse(string method, string rawTarget)
        {
            var path = rawTarget.Split('?')[0];
            var start = path.IndexOf("/v3/conversations", StringComparison.Ordinal);
            if (start < 0)
            {
                return new Route(RouteKind.Unknown, null, null, null);
            }

            var segments = path[(start + "/v3/conversations".Length)..].Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
            return (method, segments) switch
            {
                ("POST", []) => new Route(RouteKind.CreateConversation, null, null, null),
                ("POST", [var c, "activities"]) => new Route(RouteKind.Send, c, null, null),
                ("POST", [var c, "activities", var a]) => new Route(RouteKind.Reply, c, a, null),
                ("PUT", [var c, "activities", var a]) => new Route(RouteKind.Update, c, a, null),
                ("DELETE", [var c, "activities", var a]) => new Route(RouteKind.Delete, c, a, null),
                ("GET", [var c, "members"]) => new Route(RouteKind.Members, c, null, null),
                ("GET", [var c, "pagedmembers"]) => new Route(RouteKind.PagedMembers, c, null, null),
                ("GET", [var c, "members", var u]) => new Route(RouteKind.Member, c, null, u),
                _ => new Route(RouteKind.Unknown, null, null, null),
            };
        }
    }
}
