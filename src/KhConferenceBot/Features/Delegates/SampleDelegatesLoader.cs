using KhConferenceBot.Conferences;
using KhConferenceBot.Teams.Auth;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Features.Delegates;

/// <summary>
/// Local mode: imports the sample's delegates.csv at start, so the Playground users (a0..a4) are delegates.
/// Runs after <see cref="SampleConferenceLoader"/> (registered earlier), which puts the conference and its groups in storage.
/// Re-running it is harmless: unchanged rows are skipped.
/// </summary>
internal sealed partial class SampleDelegatesLoader(
    DelegateImporter importer,
    ConferenceDirectory conferences,
    IOptions<ConferenceOptions> conference,
    IOptions<BotAuthenticationOptions> bot,
    IHostEnvironment environment,
    ILogger<SampleDelegatesLoader> logger) : IHostedService
{
    public const string FileName = "delegates.csv";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var path = conference.Value.SamplePath;
        if (!bot.Value.IsLocalMode || string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        var file = Path.Combine(ResolveFolder(path), FileName);
        if (!File.Exists(file))
        {
            LogMissing(logger, file);
            return;
        }

        var content = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        var sample = await conferences.GetAsync(conference.Value.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new ConferenceNotConfiguredException(conference.Value.Id);
        var report = await importer.ImportAsync(sample, content, DelegateFileFormat.Csv, cancellationToken).ConfigureAwait(false);
        LogLoaded(logger, file, report.Added, report.Updated, report.Unchanged);
        foreach (var rejected in report.Rejected)
        {
            LogRejected(logger, rejected.Row, string.Join(" ", rejected.ReasonsEn));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private string ResolveFolder(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }

        // As the conference loader does: from the repo root (dotnet run) or the build output (samples are copied there).
        foreach (var root in new[] { environment.ContentRootPath, AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            var candidate = Path.GetFullPath(Path.Combine(root, path));
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, path));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sample delegates from {File}: {Added} added, {Updated} updated, {Unchanged} unchanged")]
    private static partial void LogLoaded(ILogger logger, string file, int added, int updated, int unchanged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sample delegates: row {Row} rejected: {Reasons}")]
    private static partial void LogRejected(ILogger logger, int row, string reasons);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sample delegates: {File} does not exist")]
    private static partial void LogMissing(ILogger logger, string file);
}
