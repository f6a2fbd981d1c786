using System.Text.Json;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Conferences;

/// <summary>
/// Loads the sample conference (conference.json) into storage at start. The date comes from configuration
/// (default: tomorrow in the conference's time zone); agenda edits already stored are kept. A new sample is Open, and
/// the configured creators (Conference:Organizers) are its organizers.
/// </summary>
public sealed partial class SampleConferenceLoader(
    IConferenceStore store,
    ConferenceRoles roles,
    IOptions<ConferenceOptions> options,
    TimeProvider time,
    IHostEnvironment environment,
    ILogger<SampleConferenceLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var path = options.Value.SamplePath;
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        var folder = Path.IsPathRooted(path) ? path : ResolveFolder(path);
        var file = Path.Combine(folder, "conference.json");
        if (!File.Exists(file))
        {
            throw new OptionsValidationException(ConferenceOptions.SectionName, typeof(ConferenceOptions),
                [$"Conference:SamplePath: {file} does not exist."]);
        }

        await using var stream = File.OpenRead(file);
        var sample = await JsonSerializer.DeserializeAsync<Conference>(stream, ConferenceJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"{file} is empty.");

        var existing = await store.GetAsync(sample.Id, cancellationToken).ConfigureAwait(false);
        var conference = existing?.Conference ?? sample;
        if (existing is null)
        {
            // The sample is there to be tried: open for answers at once, created by nobody in particular.
            conference.State = ConferenceState.Open;
            conference.CreatedAt = time.GetUtcNow();
        }

        conference.Date = options.Value.Date ?? Tomorrow(conference);

        // The deadline follows the date of this start, never one stored by an earlier start with another date.
        // "Tomorrow" is there so the sample can be tried on any day; the plan's answer window (days before the
        // conference) would then already be closed, so answers stay open until the evening before instead.
        conference.RsvpDeadline = options.Value.Date is null
            ? Conference.ToInstant(conference.Date.AddDays(-1), new TimeOnly(23, 59, 59), conference.Zone)
            : sample.RsvpDeadline;
        await store.UpsertAsync(conference, cancellationToken).ConfigureAwait(false);

        // The bootstrap creators run the sample, as they would a conference they created.
        foreach (var creator in roles.Creators)
        {
            await roles.GrantAsync(conference.Id, creator, ConferenceRole.Organizer, null, null, null, cancellationToken).ConfigureAwait(false);
        }

        LogLoaded(logger, conference.Id, conference.Date, existing is null);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private DateOnly Tomorrow(Conference conference)
    {
        var local = TimeZoneInfo.ConvertTime(time.GetUtcNow(), conference.Zone);
        return DateOnly.FromDateTime(local.Date).AddDays(1);
    }

    private string ResolveFolder(string path)
    {
        // Relative paths work from the repo root (dotnet run) and from the build output (samples are copied there).
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Sample conference {ConferenceId} loaded for {Date} (new: {IsNew})")]
    private static partial void LogLoaded(ILogger logger, string conferenceId, DateOnly date, bool isNew);
}
