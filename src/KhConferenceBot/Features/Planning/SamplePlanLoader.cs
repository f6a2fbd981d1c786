using KhConferenceBot.Conferences;
using KhConferenceBot.Conferences.Plans;
using KhConferenceBot.Features.Delegates;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Features.Planning;

public sealed class PlanningOptions
{
    public const string SectionName = "Planning";

    /// <summary>
    /// Plan documents created as sample conferences at start (local mode demo, <c>scripts/run</c>): each goes through the
    /// plan reader and <see cref="ConferencePlanner"/> as an organizer's plan does. The conference id is the plan's
    /// folder name; a <c>delegates.csv</c> beside the plan is imported into it.
    /// </summary>
    public IList<string> SamplePlans { get; } = [];
}

/// <summary>
/// Creates the configured sample plans as conferences at start, through the real path (reader, form, planner), filling
/// in what a plan may lack: the date is <c>Conference:Date</c> or tomorrow. The configured creators organize it, and
/// the delegates beside the plan are imported as an organizer's file is (unchanged rows are skipped).
/// </summary>
public sealed partial class SamplePlanLoader(
    IOptions<PlanningOptions> options,
    IOptions<ConferenceOptions> conferenceOptions,
    ConferenceRoles roles,
    ConferencePlanner planner,
    ConferenceDirectory directory,
    DelegateImporter importer,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<SamplePlanLoader> logger) : IHostedService
{
    public const string DelegatesFileName = "delegates.csv";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var creator = roles.Creators.FirstOrDefault();
        foreach (var path in options.Value.SamplePlans.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            var file = Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(environment.ContentRootPath, path));
            var id = Path.GetFileName(Path.GetDirectoryName(file)) ?? "";
            if (creator is null || !ConferenceDirectory.IsWellFormedId(id))
            {
                LogSkipped(logger, file);
                continue;
            }

            var conference = await directory.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } existing
                ? await RedateAsync(existing, cancellationToken).ConfigureAwait(false)
                : await CreateAsync(file, id, creator, cancellationToken).ConfigureAwait(false);

            // The bootstrap creators run the samples, as they would a conference they created.
            foreach (var other in roles.Creators.Skip(1))
            {
                await roles.GrantAsync(id, other, ConferenceRole.Organizer, null, null, creator, cancellationToken).ConfigureAwait(false);
            }

            await ImportDelegatesAsync(conference, Path.Combine(Path.GetDirectoryName(file)!, DelegatesFileName), cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<Conference> CreateAsync(string file, string id, string creator, CancellationToken cancellationToken)
    {
        var read = PlanReader.Read(await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false));
        if (read.Draft is not { } draft)
        {
            throw new InvalidDataException($"{file}: {read.Refusal?.MessageEn}");
        }

        var form = ConferenceForm.FromDraft(draft);
        var date = SampleDate(form.TimeZone);
        var outcome = await planner.CreateAsync(form with { Date = date, AnswerDeadline = AnswerDeadline(date) }, id, new Planner(creator, null, null), cancellationToken).ConfigureAwait(false);
        if (outcome.Conference is null)
        {
            throw new InvalidDataException($"{file}: " + string.Join("; ", outcome.Issues.Select(i => i.MessageEn)));
        }

        var opened = await planner.MoveAsync(id, ConferenceState.Open, cancellationToken).ConfigureAwait(false);
        LogCreated(logger, id, date);
        return opened.Conference ?? outcome.Conference;
    }

    /// <summary>
    /// The date is read at every start (Azurite keeps data across runs): a sample made yesterday would otherwise be
    /// over by today. Only its day and deadline move; agenda edits and answers stay.
    /// </summary>
    private async Task<Conference> RedateAsync(Conference conference, CancellationToken cancellationToken)
    {
        var date = SampleDate(conference.TimeZone);
        if (!ConferenceLifecycle.IsActive(conference.State) || conference.Date == date)
        {
            return conference;
        }

        var stored = await directory.GetStoredAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return conference;
        }

        var moved = stored.Conference;
        moved.Date = date;
        moved.RsvpDeadline = AnswerDeadline(date) is { } local
            ? Conference.ToInstant(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local), moved.Zone).ToUniversalTime()
            : null;
        if (await directory.TryReplaceAsync(moved, stored.ETag, cancellationToken).ConfigureAwait(false))
        {
            LogRedated(logger, conference.Id, date);
            return moved;
        }

        return conference;
    }

    private async Task ImportDelegatesAsync(Conference conference, string file, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            return;
        }

        var report = await importer.ImportAsync(conference, await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false), DelegateFileFormat.Csv, cancellationToken).ConfigureAwait(false);
        LogDelegates(logger, conference.Id, report.Added, report.Updated, report.Unchanged);
        foreach (var rejected in report.Rejected)
        {
            LogRejected(logger, conference.Id, rejected.Row, string.Join(" ", rejected.ReasonsEn));
        }
    }

    /// <summary><c>Conference:Date</c> when set (to watch the live agenda today), else tomorrow in the conference's zone.</summary>
    private DateOnly SampleDate(string? timeZone) =>
        conferenceOptions.Value.Date
        ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(timeZone ?? PlanDraft.DefaultTimeZone)).DateTime).AddDays(1);

    /// <summary>
    /// "Tomorrow" is there so the sample can be tried on any day; the plan's answer window (days before the conference)
    /// would then already be closed, so answers stay open until the evening before. A configured date keeps the window.
    /// </summary>
    private DateTime? AnswerDeadline(DateOnly date) =>
        conferenceOptions.Value.Date is null ? date.AddDays(-1).ToDateTime(new TimeOnly(23, 59)) : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Sample plan {ConferenceId} created as a conference for {Date}")]
    private static partial void LogCreated(ILogger logger, string conferenceId, DateOnly date);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sample conference {ConferenceId} moved to {Date}")]
    private static partial void LogRedated(ILogger logger, string conferenceId, DateOnly date);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sample plan {File} skipped: no creator is configured (Conference:Organizers) or its folder is no conference id")]
    private static partial void LogSkipped(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sample delegates of {ConferenceId}: {Added} added, {Updated} updated, {Unchanged} unchanged")]
    private static partial void LogDelegates(ILogger logger, string conferenceId, int added, int updated, int unchanged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sample delegates of {ConferenceId}: row {Row} rejected: {Reasons}")]
    private static partial void LogRejected(ILogger logger, string conferenceId, int row, string reasons);
}
