using KhConferenceBot.Conferences;
using KhConferenceBot.Conferences.Plans;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Features.Planning;

public sealed class PlanningOptions
{
    public const string SectionName = "Planning";

    /// <summary>
    /// Plan documents created as sample conferences at start (local mode demo): each goes through the plan reader and
    /// <see cref="ConferencePlanner"/> as an organizer's plan does, dated tomorrow, created by the first configured creator.
    /// </summary>
    public IList<string> SamplePlans { get; } = [];
}

/// <summary>
/// Creates the configured sample plans as conferences at start, through the real path (reader, form, planner), filling
/// in what a plan may lack: the date is tomorrow, the answers close the evening before. A sample already created is left alone.
/// </summary>
public sealed partial class SamplePlanLoader(
    IOptions<PlanningOptions> options,
    ConferenceRoles roles,
    ConferencePlanner planner,
    ConferenceDirectory directory,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<SamplePlanLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var creator = roles.Creators.FirstOrDefault();
        foreach (var path in options.Value.SamplePlans.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            var file = Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(environment.ContentRootPath, path));
            var id = Path.GetFileName(Path.GetDirectoryName(file)) ?? "";
            if (creator is null || !ConferenceDirectory.IsWellFormedId(id) || await directory.GetAsync(id, cancellationToken).ConfigureAwait(false) is not null)
            {
                continue;
            }

            var read = PlanReader.Read(await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false));
            if (read.Draft is not { } draft)
            {
                throw new InvalidDataException($"{file}: {read.Refusal?.MessageEn}");
            }

            var tomorrow = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(draft.TimeZone.Value)).DateTime).AddDays(1);
            var form = ConferenceForm.FromDraft(draft) with { Date = tomorrow, AnswerDeadline = tomorrow.AddDays(-1).ToDateTime(new TimeOnly(23, 59)) };
            var outcome = await planner.CreateAsync(form, id, new Planner(creator, null, null), cancellationToken).ConfigureAwait(false);
            if (outcome.Conference is null)
            {
                throw new InvalidDataException($"{file}: " + string.Join("; ", outcome.Issues.Select(i => i.MessageEn)));
            }

            await planner.MoveAsync(id, ConferenceState.Open, cancellationToken).ConfigureAwait(false);
            LogCreated(logger, id, tomorrow);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Sample plan {ConferenceId} created as a conference for {Date}")]
    private static partial void LogCreated(ILogger logger, string conferenceId, DateOnly date);
}
