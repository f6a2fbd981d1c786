using KhConferenceBot.EndToEnd.Playground;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.EndToEnd.Fixtures;

/// <summary>
/// A whole local stack like <see cref="BotStackFixture"/>, except that the bot runs on a <see cref="FakeTimeProvider"/>
/// the tests move. The agenda card in a group chat is rewritten at most once a minute and the questions card at most
/// once per <c>Questions:VoteUpdateSeconds</c>; on the real clock a test would have to sit through those windows,
/// here it steps over them and then watches the Playground's WebSocket for the PUT.
/// </summary>
public sealed class FakeClockStackFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly AzuriteFixture _storage = new();
    private BotApplicationFactory? _bot;
    private PlaygroundServer? _playground;

    /// <summary>The bot's clock. It starts at the real time, so the sample conference is still tomorrow and questions are open.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public PlaygroundClient Playground { get; private set; } = null!;

    public PlaygroundStream Stream { get; private set; } = null!;

    public Uri PlaygroundUri => _playground?.BaseUri ?? throw new InvalidOperationException("Not started.");

    public string TablePrefix { get; } = AzuriteFixture.NewTablePrefix("e2eclk");

    /// <summary>Log files worth reading when a test fails.</summary>
    public string Logs => $"bot log {_bot?.LogPath}, Playground log {_playground?.LogPath}";

    /// <summary>The running bot's services, for the one thing a test may not do through Teams: wait for a background tick.</summary>
    public IServiceProvider BotServices => _bot?.Services ?? throw new InvalidOperationException("Not started.");

    /// <summary>
    /// Moves the bot's clock and makes the live agenda loop run a tick that reads the new time. A plain Advance is not
    /// enough: the loop may be busy in a tick that read the old time and only then start its next (fake) delay.
    /// </summary>
    public async Task AdvanceAgendaClockAsync(TimeSpan by, TimeSpan timeout)
    {
        Clock.Advance(by);
        using var cts = new CancellationTokenSource(timeout);
        await BotServices.GetRequiredService<LiveAgendaService>().WaitForTickAsync(Clock.GetUtcNow(), cts.Token).ConfigureAwait(false);
    }

    public async Task InitializeAsync()
    {
        await _storage.InitializeAsync().ConfigureAwait(false);
        _bot = new BotApplicationFactory(
            new Dictionary<string, string?>
            {
                ["Bot:MicrosoftAppId"] = "",
                ["Storage:ConnectionString"] = _storage.ConnectionString,
                ["Storage:TablePrefix"] = TablePrefix,
                ["Conference:Organizers:0"] = PlaygroundIds.OrganizerObjectId,
            },
            services => services.AddSingleton<TimeProvider>(Clock));
        _bot.StartServer();
        if (_bot.Setting("Storage:TablePrefix") != TablePrefix || _bot.Services.GetRequiredService<TimeProvider>() != Clock)
        {
            throw new InvalidOperationException("The bot did not take the test's storage prefix or fake clock.");
        }

        await HttpReadiness.WaitAsync(new Uri(_bot.BaseAddress, "healthz"), StartTimeout, $"The bot (log {_bot.LogPath})").ConfigureAwait(false);
        _playground = await PlaygroundServer.StartAsync(new Uri(_bot.BaseAddress, "api/messages")).ConfigureAwait(false);
        Playground = PlaygroundClient.Create(_playground.BaseUri);

        // First client of the Playground, so it misses nothing (later clients, such as a browser, see only what follows).
        Stream = await PlaygroundStream.ConnectAsync(_playground.BaseUri).ConfigureAwait(false);
        PlaygroundServer.VerifyIds(await Playground.GetConfigAsync().ConfigureAwait(false));
    }

    public async Task DisposeAsync()
    {
        if (Stream is not null)
        {
            await Stream.DisposeAsync().ConfigureAwait(false);
        }

        Playground?.Dispose();
        if (_playground is not null)
        {
            await _playground.DisposeAsync().ConfigureAwait(false);
        }

        if (_bot is not null)
        {
            await _bot.DisposeAsync().ConfigureAwait(false);
        }

        await _storage.DisposeAsync().ConfigureAwait(false);
    }
}

[CollectionDefinition(Name)]
public sealed class FakeClockCollection : ICollectionFixture<FakeClockStackFixture>
{
    public const string Name = "PlaygroundFakeClock";
}
