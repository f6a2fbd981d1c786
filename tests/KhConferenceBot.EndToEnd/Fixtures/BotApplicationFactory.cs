using System.Net;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KhConferenceBot.EndToEnd.Fixtures;

/// <summary>
/// The real bot host (Program) on Kestrel at a free loopback port, configured only through its public settings,
/// as scripts/run configures it. Its logs go to a file under the artifacts folder instead of the test console.
/// </summary>
internal sealed class BotApplicationFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly FileLoggerProvider _logs;
    private readonly Action<IServiceCollection>? _configureServices;

    /// <param name="configureServices">Test-only replacements (a fake clock), applied after the bot's own registrations.</param>
    public BotApplicationFactory(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null)
    {
        _settings = settings;
        _configureServices = configureServices;
        LogPath = Path.Combine(TestPaths.ArtifactsDirectory("logs"), $"bot-{DateTime.UtcNow:HHmmss}-{Guid.NewGuid().ToString("N")[..6]}.log");
        _logs = new FileLoggerProvider(LogPath);
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    public string LogPath { get; }

    /// <summary>Where Kestrel listens, once <see cref="WebApplicationFactory{TEntryPoint}.StartServer"/> has run.</summary>
    public Uri BaseAddress
    {
        get
        {
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
                ?? throw new InvalidOperationException("Kestrel reports no addresses.");
            return new Uri(addresses.Single(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)).TrimEnd('/') + "/");
        }
    }

    /// <summary>A setting as the running bot sees it.</summary>
    public string? Setting(string key) => Services.GetRequiredService<IConfiguration>()[key];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The sample conference and appsettings.json are copied next to the test binaries, as in a published bot.
        builder.UseContentRoot(AppContext.BaseDirectory);
        builder.UseEnvironment("Development");
        // Added after the app's own sources (appsettings.json, environment variables), so these settings win.
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));

        // The sample conference with the ids the tests name, as the unit tests' host has it.
        builder.ConfigureServices(services => services.AddSampleConferenceSeed());
        if (_configureServices is not null)
        {
            builder.ConfigureTestServices(_configureServices);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(_logs);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _logs.Dispose();
        }
    }
}
