using KhConferenceBot.EndToEnd.Playground;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.EndToEnd.Fixtures;

/// <summary>
/// One whole local stack for a test collection: storage (KHCB_TEST_STORAGE or a private Azurite), the real bot
/// in local mode with a fresh table prefix and a0 as organizer, and a Playground pointed at it, with a
/// WebSocket listener that has seen every bot message since the start. The bot runs on the real clock, or on a
/// <see cref="FakeTimeProvider"/> the tests move (<see cref="FakeClockStackFixture"/>): the agenda card in a group chat
/// is rewritten at most once a minute and the questions card at most once per <c>Questions:VoteUpdateSeconds</c>; on
/// the real clock a test would sit through those windows, on the fake one it steps over them.
/// </summary>
public class BotStackFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly AzuriteFixture _storage = new();
    private readonly FakeTimeProvider? _clock;
    private readonly bool _connectStream;
    private BotApplicationFactory? _bot;
    private PlaygroundServer? _playground;

    /// <summary>The real clock, with the listener connected first.</summary>
    public BotStackFixture()
        : this(clock: null, connectStream: true)
    {
    }

    /// <param name="clock">The bot's clock, or null for the real one.</param>
    /// <param name="connectStream">Connect the listener before anything happens, so it is the Playground's first client and misses nothing.</param>
    protected BotStackFixture(FakeTimeProvider? clock, bool connectStream)
    {
        _clock = clock;
        _connectStream = connectStream;
    }

    /// <summary>The bot's fake clock; only a stack built with one has it.</summary>
    public FakeTimeProvider Clock => _clock ?? throw new InvalidOperationException("This stack runs on the real clock.");

    public PlaygroundClient Playground { get; private set; } = null!;

    public PlaygroundStream Stream { get; private set; } = null!;

    public Uri BotBaseUri { get; private set; } = null!;

    public Uri PlaygroundUri => _playground?.BaseUri ?? throw new InvalidOperationException("Not started.");

    public string TablePrefix { get; } = AzuriteFixture.NewTablePrefix("e2e");

    public string StorageConnectionString => _storage.ConnectionString;

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

    public virtual async Task InitializeAsync()
    {
        await _storage.InitializeAsync().ConfigureAwait(false);

        // The outbox opens 1:1 chats (invitations) through the Playground's connector, so the bot must know its
        // address before either starts: the port is chosen first, as scripts/run does.
        var playgroundPort = FreePort.Next();
        var settings = new Dictionary<string, string?>
        {
            ["Outbox:DefaultServiceUrl"] = $"http://127.0.0.1:{playgroundPort}/_connector",
            ["Bot:MicrosoftAppId"] = "",
            ["Storage:ConnectionString"] = _storage.ConnectionString,
            ["Storage:TablePrefix"] = TablePrefix,
            ["Conference:Organizers:0"] = PlaygroundIds.OrganizerObjectId,
        };
        AddSettings(settings);
        _bot = new BotApplicationFactory(settings, _clock is null ? null : services => services.AddSingleton<TimeProvider>(_clock));
        _bot.StartServer();

        // Tests sharing storage rely on their own table prefix (and clock): fail loudly if appsettings.json won instead.
        if (_bot.Setting("Storage:TablePrefix") != TablePrefix || _bot.Setting("Storage:ConnectionString") != _storage.ConnectionString
            || (_clock is not null && _bot.Services.GetRequiredService<TimeProvider>() != _clock))
        {
            throw new InvalidOperationException($"The bot did not take the test's storage settings or clock (prefix '{_bot.Setting("Storage:TablePrefix")}').");
        }

        BotBaseUri = _bot.BaseAddress;
        await HttpReadiness.WaitAsync(new Uri(BotBaseUri, "healthz"), StartTimeout, $"The bot (log {_bot.LogPath})").ConfigureAwait(false);

        _playground = await PlaygroundServer.StartAsync(new Uri(BotBaseUri, "api/messages"), playgroundPort).ConfigureAwait(false);
        Playground = PlaygroundClient.Create(_playground.BaseUri);
        if (_connectStream)
        {
            Stream = await PlaygroundStream.ConnectAsync(_playground.BaseUri).ConfigureAwait(false);
        }

        PlaygroundServer.VerifyIds(await Playground.GetConfigAsync().ConfigureAwait(false));
    }

    /// <summary>Settings a derived stack needs besides the local-mode ones (the workspace's organizer key).</summary>
    protected virtual void AddSettings(IDictionary<string, string?> settings)
    {
    }

    public virtual async Task DisposeAsync()
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

/// <summary>A separate stack for the browser test: the UI must see the bot's very first welcome in a fresh Playground.</summary>
public sealed class BrowserStackFixture() : BotStackFixture(clock: null, connectStream: false);

/// <summary>The stack on a fake clock. It starts at the real time, so the sample conference is still tomorrow and questions are open.</summary>
public sealed class FakeClockStackFixture() : BotStackFixture(new FakeTimeProvider(DateTimeOffset.UtcNow), connectStream: true);

[CollectionDefinition(Name)]
public sealed class PlaygroundCollection : ICollectionFixture<BotStackFixture>
{
    public const string Name = "Playground";
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserStackFixture>
{
    public const string Name = "Browser";
}

[CollectionDefinition(Name)]
public sealed class FakeClockCollection : ICollectionFixture<FakeClockStackFixture>
{
    public const string Name = "PlaygroundFakeClock";
}
