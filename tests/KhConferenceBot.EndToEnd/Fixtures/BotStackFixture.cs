using KhConferenceBot.EndToEnd.Playground;
using KhConferenceBot.Testing;

namespace KhConferenceBot.EndToEnd.Fixtures;

/// <summary>
/// One whole local stack for a test collection: storage (KHCB_TEST_STORAGE or a private Azurite), the real bot
/// in local mode with a fresh table prefix and a0 as organizer, and a Playground pointed at it, with a
/// WebSocket listener that has seen every bot message since the start.
/// </summary>
public class BotStackFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly AzuriteFixture _storage = new();
    private BotApplicationFactory? _bot;
    private PlaygroundServer? _playground;

    public PlaygroundClient Playground { get; private set; } = null!;

    public PlaygroundStream Stream { get; private set; } = null!;

    public Uri BotBaseUri { get; private set; } = null!;

    public Uri PlaygroundUri => _playground?.BaseUri ?? throw new InvalidOperationException("Not started.");

    public string TablePrefix { get; } = AzuriteFixture.NewTablePrefix("e2e");

    public string StorageConnectionString => _storage.ConnectionString;

    /// <summary>Log files worth reading when a test fails.</summary>
    public string Logs => $"bot log {_bot?.LogPath}, Playground log {_playground?.LogPath}";

    /// <summary>Connect the listener before anything happens, so it is the Playground's first client and misses nothing.</summary>
    protected virtual bool ConnectStream => true;

    public async Task InitializeAsync()
    {
        await _storage.InitializeAsync().ConfigureAwait(false);

        // The outbox opens 1:1 chats (invitations) through the Playground's connector, so the bot must know its
        // address before either starts: the port is chosen first, as scripts/run does.
        var playgroundPort = FreePort.Next();
        _bot = new BotApplicationFactory(new Dictionary<string, string?>
        {
            ["Outbox:DefaultServiceUrl"] = $"http://127.0.0.1:{playgroundPort}/_connector",
            ["Bot:MicrosoftAppId"] = "",
            ["Storage:ConnectionString"] = _storage.ConnectionString,
            ["Storage:TablePrefix"] = TablePrefix,
            ["Conference:Organizers:0"] = PlaygroundIds.OrganizerObjectId,
        });
        _bot.StartServer();
        // Tests sharing storage rely on their own table prefix: fail loudly if appsettings.json won instead.
        if (_bot.Setting("Storage:TablePrefix") != TablePrefix || _bot.Setting("Storage:ConnectionString") != _storage.ConnectionString)
        {
            throw new InvalidOperationException($"The bot did not take the test's storage settings (prefix '{_bot.Setting("Storage:TablePrefix")}').");
        }

        BotBaseUri = _bot.BaseAddress;
        await HttpReadiness.WaitAsync(new Uri(BotBaseUri, "healthz"), StartTimeout, $"The bot (log {_bot.LogPath})").ConfigureAwait(false);

        _playground = await PlaygroundServer.StartAsync(new Uri(BotBaseUri, "api/messages"), playgroundPort).ConfigureAwait(false);
        Playground = PlaygroundClient.Create(_playground.BaseUri);
        if (ConnectStream)
        {
            Stream = await PlaygroundStream.ConnectAsync(_playground.BaseUri).ConfigureAwait(false);
        }

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

/// <summary>A separate stack for the browser test: the UI must see the bot's very first welcome in a fresh Playground.</summary>
public sealed class BrowserStackFixture : BotStackFixture
{
    protected override bool ConnectStream => false;
}

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
