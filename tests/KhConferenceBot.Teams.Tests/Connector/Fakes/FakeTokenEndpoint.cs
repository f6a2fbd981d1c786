using System.Text.Json;
using KhConferenceBot.Testing;
using Microsoft.AspNetCore.Http;

namespace KhConferenceBot.Teams.Tests.Connector.Fakes;

/// <summary>
/// A local identity-platform token endpoint (https, with the test certificate, as Azure.Identity requires) that counts
/// and records client-credential requests under /{tenant}/oauth2/v2.0/token.
/// </summary>
internal sealed class FakeTokenEndpoint : IAsyncDisposable
{
    private readonly List<(string Path, IReadOnlyDictionary<string, string> Form)> _requests = [];
    private readonly Queue<(int Status, string Body)> _failures = new();
    private readonly Lock _gate = new();
    private LoopbackServer? _server;
    private int _issued;

    /// <summary>The authority host (Bot:AuthorityHost) of this fake.</summary>
    public Uri AuthorityHost => _server!.BaseAddress;

    public Uri BaseAddress => _server!.BaseAddress;

    public int ExpiresInSeconds { get; set; } = 3600;

    public int RequestCount
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count;
            }
        }
    }

    public IReadOnlyList<(string Path, IReadOnlyDictionary<string, string> Form)> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeTokenEndpoint> StartAsync()
    {
        var fake = new FakeTokenEndpoint();
        fake._server = await LoopbackServer.StartAsync(fake.HandleAsync, TestCertificate.Instance);
        return fake;
    }

    public void FailNext(int status, string error)
    {
        lock (_gate)
        {
            _failures.Enqueue((status, JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = error, ["error_description"] = "AADSTS7000215: scripted." })));
        }
    }

    /// <summary>An HttpClient for the credential that trusts this fake's certificate.</summary>
    public static HttpClient CreateClient() => new(TestCertificate.CreateTrustingHandler());

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        var fields = form?.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal) ?? [];
        (int Status, string Body)? failure;
        int issued;
        lock (_gate)
        {
            _requests.Add((context.Request.Path.Value ?? string.Empty, fields));
            failure = _failures.TryDequeue(out var next) ? next : null;
            issued = failure is null ? ++_issued : _issued;
        }

        context.Response.ContentType = "application/json";
        if (failure is { } f)
        {
            context.Response.StatusCode = f.Status;
            await context.Response.WriteAsync(f.Body);
            return;
        }

        await context.Response.WriteAsync($$"""{"token_type":"Bearer","expires_in":{{ExpiresInSeconds}},"ext_expires_in":{{ExpiresInSeconds}},"access_token":"token-{{issued}}"}""");
    }
}
