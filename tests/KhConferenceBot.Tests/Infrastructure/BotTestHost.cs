using System.Net.Http.Json;
using System.Text.Json;
using KhConferenceBot.Testing;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Schema;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Tests.Infrastructure;

/// <summary>
/// The real bot, in process, on Azurite (a fresh table prefix per host) and a <see cref="FakeConnector"/> on 127.0.0.1,
/// in local mode (no app id) with the sample conference on <see cref="ConferenceDate"/> and a fake clock.
/// Organizer: <see cref="TestUsers.Organizer"/>.
/// </summary>
public sealed class BotTestHost : WebApplicationFactory<Program>
{
    public static readonly DateOnly ConferenceDate = new(2026, 12, 1);

    /// <summary>The id of the sample conference every host loads (<see cref="SampleConference"/>).</summary>
    public const string SampleId = SampleConference.Id;

    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsConnector;
    private readonly Action<IServiceCollection>? _configureServices;

    private BotTestHost(string storage, FakeConnector connector, FakeTimeProvider time, IDictionary<string, string?>? settings, bool ownsConnector, Action<IServiceCollection>? configureServices)
    {
        _configureServices = configureServices;
        Connector = connector;
        Time = time;
        _ownsConnector = ownsConnector;

        // A prefix passed in settings lets two hosts share one set of tables (two bot instances).
        TablePrefix = settings is not null && settings.TryGetValue("Storage:TablePrefix", out var prefix) && !string.IsNullOrEmpty(prefix) ? prefix : AzuriteFixture.NewTablePrefix("b");
        _settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = storage,
            ["Storage:TablePrefix"] = TablePrefix,
            ["Bot:MicrosoftAppId"] = "",
            ["Conference:Date"] = ConferenceDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Conference:Organizers:0"] = TestUsers.Organizer.AadObjectId,
            ["Conference:PublicBaseUrl"] = "http://127.0.0.1:3978",
            ["Outbox:DefaultServiceUrl"] = connector.ServiceUrl.ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public FakeConnector Connector { get; }

    public FakeTimeProvider Time { get; }

    public string TablePrefix { get; }

    /// <summary>Starts a host; the clock starts the day before the conference, 09:00 in Viet Nam.</summary>
    /// <remarks>
    /// Pass <paramref name="connector"/> to let several hosts talk to one fake Teams (it then stays open when a host is
    /// disposed; the caller disposes it).
    /// </remarks>
    /// <param name="configureServices">Runs after the app's own registrations (e.g. to route a cloud host to a loopback fake).</param>
    public static async Task<BotTestHost> StartAsync(AzuriteFixture storage, IDictionary<string, string?>? settings = null, FakeTimeProvider? time = null, FakeConnector? connector = null, Action<IServiceCollection>? configureServices = null, Action<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>? kestrel = null)
    /// <param name="kestrel">When set, serve on Kestrel at a free loopback port (<see cref="KestrelAddress"/>) with these
    /// limits instead of the in-memory test server, for tests that need real sockets.</param>
    {
        ArgumentNullException.ThrowIfNull(storage);
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
        var owns = connector is null;
        connector ??= await FakeConnector.StartAsync(time).ConfigureAwait(false);
        var host = new BotTestHost(storage.ConnectionString, connector, time, settings, owns, configureServices);
        try
        {
            if (kestrel is not null)
            {
                host.UseKestrel(options =>
                {
                    options.Listen(System.Net.IPAddress.Loopback, 0);
                    kestrel(options);
                });
                host.StartServer();
            }
            else
            {
                _ = host.Server; // starts the host, so hosted services (sample loader) have run
            }

            // Program validates settings before it runs the host; the factory starts the host without that step.
            host.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return host;
    }

    /// <summary>Where Kestrel listens, for a host started with <c>kestrel: true</c>.</summary>
    public Uri KestrelAddress => new(Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Single());

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>The sample conference as stored now.</summary>
    public async Task<global::KhConferenceBot.Conferences.Conference> SampleConferenceAsync() =>
        (await SampleStoredAsync().ConfigureAwait(false)).Conference;

    /// <summary>The sample conference as stored now, with its ETag.</summary>
    public async Task<global::KhConferenceBot.Conferences.StoredConference> SampleStoredAsync() =>
        await Service<global::KhConferenceBot.Conferences.ConferenceDirectory>().GetStoredAsync(SampleId, CancellationToken.None).ConfigureAwait(false)
        ?? throw new InvalidOperationException("The sample conference is not in storage.");

    /// <summary>Posts an activity to /api/messages as Teams would.</summary>
    public async Task<HttpResponseMessage> PostAsync(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity.ServiceUrl ??= Connector.ServiceUrl.ToString();
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/messages", activity, TeamsJson.Options).ConfigureAwait(false);

        // What the turn left to do after its answer (the card's PUT, the pass) is part of what the test checks next.
        await FollowUpsDoneAsync().ConfigureAwait(false);
        return response;
    }

    /// <summary>Completes when the turns' follow-ups (<see cref="global::KhConferenceBot.Bot.TurnFollowUps"/>) have all run.</summary>
    public Task FollowUpsDoneAsync() => Service<global::KhConferenceBot.Bot.TurnFollowUps>().IdleAsync().WaitAsync(TimeSpan.FromMinutes(1));

    /// <summary>Posts an invoke and returns its body (for adaptiveCard/action: {statusCode, type, value}).</summary>
    public async Task<JsonElement> InvokeAsync(Activity activity)
    {
        using var response = await PostAsync(activity).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Development");
        // Added after the app's own sources (appsettings.json, environment), so the test's settings win.
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));

        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSampleConferenceSeed();
            _configureServices?.Invoke(services);
        });

        // After the app's own registrations: the bot's credential trusts the loopback fakes' test certificate.
        builder.ConfigureTestServices(services => services.AddHttpClient(ConnectorServiceCollectionExtensions.TokenHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(TestCertificate.CreateTrustingHandler));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        if (_ownsConnector)
        {
            await Connector.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }
}

[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "storage";
}
