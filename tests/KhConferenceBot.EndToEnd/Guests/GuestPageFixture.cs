using KhConferenceBot.Conferences;
using KhConferenceBot.EndToEnd.Fixtures;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Guests;
using KhConferenceBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KhConferenceBot.EndToEnd.Guests;

/// <summary>
/// The real bot on Kestrel (local mode, the sample, real clock: the sample's answers stay open until the evening before
/// its date, tomorrow) with e-mail configured, for the answer page in a browser. No Playground: the page needs none.
/// </summary>
public sealed class GuestPageFixture : IAsyncLifetime
{
    public const string ConferenceId = "khanh-hoa-2023";

    private readonly AzuriteFixture _storage = new();
    private BotApplicationFactory? _bot;

    public Uri BaseUri { get; private set; } = null!;

    public IServiceProvider Services => _bot!.Services;

    public async Task InitializeAsync()
    {
        await _storage.InitializeAsync();
        _bot = new BotApplicationFactory(new Dictionary<string, string?>
        {
            ["Bot:MicrosoftAppId"] = "",
            ["Storage:ConnectionString"] = _storage.ConnectionString,
            ["Storage:TablePrefix"] = AzuriteFixture.NewTablePrefix("guest"),
            ["Conference:PublicBaseUrl"] = "http://127.0.0.1:3978",
            ["Organizer:LinkSigningKey"] = "guest-page-test-signing-key-0123456789abcdef",

            // Confirmations are queued for a mailbox whose Graph is not there; the page does not wait for them.
            ["Mail:Mailbox"] = "hoinghi@khanhhoa.example",
            ["Graph:BaseUrl"] = "http://127.0.0.1:9/v1.0",
        });
        _bot.StartServer();
        BaseUri = _bot.BaseAddress;
    }

    public async Task DisposeAsync()
    {
        if (_bot is not null)
        {
            await _bot.DisposeAsync();
        }

        await _storage.DisposeAsync();
    }

    public async Task<Conference> ConferenceAsync() =>
        (await Services.GetRequiredService<ConferenceDirectory>().GetAsync(ConferenceId, CancellationToken.None))!;

    public async Task<IReadOnlyList<ConferenceDelegate>> DelegatesAsync() =>
        await Services.GetRequiredService<IDelegateStore>().ListAsync(ConferenceId, CancellationToken.None);

    /// <summary>The delegate's personal link, on this bot's address.</summary>
    public async Task<Uri> LinkAsync(ConferenceDelegate person) =>
        new(BaseUri, Services.GetRequiredService<AnswerLinks>().For(await ConferenceAsync(), person).PathAndQuery);
}

[CollectionDefinition(Name)]
public sealed class GuestPageCollection : ICollectionFixture<GuestPageFixture>
{
    public const string Name = "GuestPage";
}
