using System.Text.Json;
using KhConferenceBot.Api;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Corpus;

/// <summary>
/// One live bot for all cases of a corpus class (starting a host per case would dominate the run): the real app on
/// Azurite with the sample conference, a fake connector, and the local organizer key.
/// </summary>
public sealed class CorpusHost : IAsyncLifetime
{
    public const string OrganizerKey = "corpus-organizer-key-0123456789";
    public const string ConferenceId = "khanh-hoa-2023";

    /// <summary>The bound on every answer: a case that takes longer has hung (the request is cancelled, the case fails).</summary>
    public static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(
        double.TryParse(Environment.GetEnvironmentVariable("KHCB_CORPUS_BOUND_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : 2);

    private readonly SemaphoreSlim _starting = new(1, 1);
    private BotTestHost? _host;

    public async Task<BotTestHost> HostAsync(AzuriteFixture storage)
    {
        await _starting.WaitAsync();
        try
        {
            if (_host is null)
            {
                _host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Organizer:LocalApiKey"] = OrganizerKey });

                // The first request JITs the whole pipeline; it must not count against a case's bound.
                using var warmUp = await _host.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative));
            }

            return _host;
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>A client whose requests are cancelled after <see cref="AnswerBound"/>.</summary>
    public static HttpClient Client(BotTestHost host, bool organizer = false)
    {
        ArgumentNullException.ThrowIfNull(host);
        var client = host.CreateClient();
        client.Timeout = AnswerBound;
        if (organizer)
        {
            client.DefaultRequestHeaders.Add(OrganizerAuthentication.KeyHeader, OrganizerKey);
        }

        return client;
    }

    /// <summary>What a refused input must leave untouched: every delegate row and every attendance answer.</summary>
    public static async Task<string> SnapshotAsync(BotTestHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var delegates = await host.Service<IDelegateStore>().ListAsync(ConferenceId, CancellationToken.None);
        var answers = await host.Service<IAttendanceReader>().ReadAsync(ConferenceId, CancellationToken.None);
        return JsonSerializer.Serialize(new
        {
            Delegates = delegates.OrderBy(d => d.Id, StringComparer.Ordinal),
            Answers = answers.OrderBy(a => a.Key, StringComparer.Ordinal).ToList(),
        });
    }

    /// <summary>Runs <paramref name="send"/> and fails the case on a 5xx, a hang, a wrong status or a half-stored input.</summary>
    public static async Task<(HttpResponseMessage Response, string Body)> SendAsync(BotTestHost host, CorpusCase c, Func<Task<HttpResponseMessage>> send)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(send);
        var before = await SnapshotAsync(host);
        HttpResponseMessage response;
        try
        {
            response = await send();
        }
        catch (TaskCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"{c.Name}: no answer within {AnswerBound.TotalSeconds:0.#} s (a hang).");
        }

        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500 || (int)response.StatusCode == c.Expect.Status, $"{c.Name}: {(int)response.StatusCode} {body}");
        Assert.True(c.Expect.Status == (int)response.StatusCode, $"{c.Name}: expected {c.Expect.Status}, got {(int)response.StatusCode} {body}");
        if (c.Expect.Text is { } text)
        {
            Assert.Contains(text, Expectation.Strings(body), StringComparison.Ordinal);
        }

        if (!c.Expect.Stores)
        {
            Assert.True(before == await SnapshotAsync(host), $"{c.Name}: the input changed stored delegates or answers.");
        }

        return (response, body);
    }

    public async Task InitializeAsync() => await Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _starting.Dispose();
    }
}
