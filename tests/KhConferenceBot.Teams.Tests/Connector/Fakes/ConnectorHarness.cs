using System.Globalization;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Teams.Tests.Connector.Fakes;

/// <summary>
/// The production DI wiring (AddTeamsConnector) pointed at a fake connector and a fake token endpoint, on a fake clock.
/// </summary>
internal sealed class ConnectorHarness : IAsyncDisposable
{
    public const string AppId = "00000000-0000-0000-0000-00000000b07";
    public const string HomeTenant = "tenant-home";

    private ConnectorHarness(FakeTimeProvider time, TimeDriver driver, FakeConnector connector, FakeTokenEndpoint tokens, ServiceProvider services)
    {
        Time = time;
        Driver = driver;
        Connector = connector;
        Tokens = tokens;
        Services = services;
        Client = services.GetRequiredService<IConnectorClient>();
    }

    public FakeTimeProvider Time { get; }

    public TimeDriver Driver { get; }

    public FakeConnector Connector { get; }

    public FakeTokenEndpoint Tokens { get; }

    public ServiceProvider Services { get; }

    public IConnectorClient Client { get; }

    /// <summary>What the client logged; for failure messages.</summary>
    public ListLoggerProvider Logs { get; private init; } = null!;

    public string ServiceUrl => Connector.ServiceUrl;

    public TrustedServiceUrls Trusted => Services.GetRequiredService<TrustedServiceUrls>();

    public static async Task<ConnectorHarness> StartAsync(HarnessSettings? settings = null)
    {
        settings ??= new HarnessSettings();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));
        var driver = new TimeDriver(time);
        var connector = await FakeConnector.StartAsync(time);
        var tokens = await FakeTokenEndpoint.StartAsync();
        driver.Parked = () => driver.CountOnTheWire(connector.IsHung);

        var values = new Dictionary<string, string?>
        {
            ["Bot:MicrosoftAppId"] = settings.LocalMode ? string.Empty : AppId,
            ["Bot:MicrosoftAppPassword"] = settings.LocalMode ? null : "not-a-real-secret",
            ["Bot:TenantId"] = HomeTenant,
            ["Bot:AuthorityHost"] = tokens.AuthorityHost.ToString(),
            ["Bot:MaxRetries"] = settings.MaxRetries.ToString(CultureInfo.InvariantCulture),
            ["Bot:RetryBaseDelay"] = settings.RetryBaseDelay.ToString("c", CultureInfo.InvariantCulture),
            ["Bot:RetryMaxDelay"] = settings.RetryMaxDelay.ToString("c", CultureInfo.InvariantCulture),
            ["Bot:RequestTimeout"] = settings.RequestTimeout.ToString("c", CultureInfo.InvariantCulture),
        };
        if (settings.TrustConnector)
        {
            values["Bot:TrustedServiceUrls:0"] = connector.ServiceUrl;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        var logs = new ListLoggerProvider();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        services.AddTeamsConnector(configuration);
        services.AddSingleton<ISendBudget>(sp => new LockstepBudget(sp.GetRequiredService<SendBudget>(), driver));
        services.AddHttpClient(ConnectorServiceCollectionExtensions.ConnectorHttpClientName)
            .AddHttpMessageHandler(() => new BusyHandler(driver, enterOnSend: false));
        services.AddHttpClient(ConnectorServiceCollectionExtensions.TokenHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(TestCertificate.CreateTrustingHandler)
            .AddHttpMessageHandler(() => new BusyHandler(driver, enterOnSend: true));

        return new ConnectorHarness(time, driver, connector, tokens, services.BuildServiceProvider(validateScopes: true)) { Logs = logs };
    }

    /// <summary>Runs a client call to completion, moving the fake clock whenever the client is only waiting.</summary>
    public Task<T> RunAsync<T>(Func<IConnectorClient, Task<T>> call) => Driver.RunAsync(call(Client));

    public Task RunAsync(Func<IConnectorClient, Task> call) => Driver.RunAsync(call(Client));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Connector.DisposeAsync();
        await Tokens.DisposeAsync();
    }
}

internal sealed record HarnessSettings
{
    public bool LocalMode { get; init; }

    public bool TrustConnector { get; init; } = true;

    public int MaxRetries { get; init; } = 3;

    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
