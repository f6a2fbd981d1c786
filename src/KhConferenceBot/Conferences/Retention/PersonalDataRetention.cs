using KhConferenceBot.Common;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Conferences;

/// <summary>
/// Erases a conference's personal data through every <see cref="IPersonalDataEraser"/> and records the counts they
/// kept on the conference. The record is written last, so an erasure cut short by an outage is simply run again.
/// </summary>
public sealed partial class PersonalDataRetention(
    ConferenceDirectory directory,
    IEnumerable<IPersonalDataEraser> erasers,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<PersonalDataRetention> logger)
{
    /// <summary>The person or process recorded when the retention period, not a person, erased the data.</summary>
    public const string RetentionJob = "retention";

    /// <summary>When an archived conference's data is due to go: <see cref="RetentionOptions.Months"/> after it was archived.</summary>
    public DateTimeOffset? DueAt(Conference conference)
    {
        ArgumentNullException.ThrowIfNull(conference);
        return conference is { State: ConferenceState.Archived, ArchivedAt: { } archived, PersonalDataErased: null }
            ? archived.AddMonths(options.Value.Months)
            : null;
    }

    /// <summary>Erases now (the organizers' "delete now", or the job when due); returns the conference as recorded.</summary>
    public async Task<Conference> EraseAsync(string conferenceId, string erasedBy, CancellationToken cancellationToken)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var eraser in erasers)
        {
            foreach (var (key, value) in await eraser.EraseAsync(conferenceId, cancellationToken).ConfigureAwait(false))
            {
                counts[key] = counts.GetValueOrDefault(key) + value;
            }
        }

        while (true)
        {
            var stored = await directory.GetStoredAsync(conferenceId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Conference {conferenceId} is gone.");
            var conference = stored.Conference;

            // The presenters' Teams accounts (for @mentions) are people's ids on the conference itself; the presenter
            // as the plan writes it ("Lãnh đạo Sở Nội vụ") stays. CreatedBy stays with the organizers' bare grants
            // (ConferenceRolePersonalData): the one who answers for the record.
            var presenters = conference.Agenda.Sum(a => a.PresenterAccounts.Count);
            foreach (var item in conference.Agenda)
            {
                item.PresenterAccounts = [];
            }

            // A second erasure finds nothing; the counts of the first are the ones that describe the conference.
            conference.PersonalDataErased ??= new PersonalDataErasure(time.GetUtcNow(), erasedBy, new SortedDictionary<string, int>(counts, StringComparer.Ordinal) { ["presenterAccounts"] = presenters });
            if (await directory.TryReplaceAsync(conference, stored.ETag, cancellationToken).ConfigureAwait(false))
            {
                LogErased(logger, conferenceId, erasedBy, counts.Values.Sum());
                return conference;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Personal data of conference {ConferenceId} erased by {ErasedBy} ({Rows} records counted)")]
    private static partial void LogErased(ILogger logger, string conferenceId, string erasedBy, int rows);
}

/// <summary>The background job: archived conferences past their retention period lose their personal data.</summary>
public sealed class PersonalDataRetentionService(
    ConferenceDirectory directory,
    PersonalDataRetention retention,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<PersonalDataRetentionService> logger) : ClockedBackgroundService(time, logger)
{
    protected override TimeSpan Interval => options.Value.CheckEvery;

    protected override async Task TickAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var conference in await directory.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (retention.DueAt(conference) is { } due && due <= now)
            {
                await retention.EraseAsync(conference.Id, PersonalDataRetention.RetentionJob, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

public static class RetentionServiceCollectionExtensions
{
    /// <summary>The erasure service and its job; each store registers its own <see cref="IPersonalDataEraser"/> (the roles' here).</summary>
    public static IServiceCollection AddConferenceRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PersonalDataRetention>();
        services.AddSingleton<IPersonalDataEraser, ConferenceRolePersonalData>();
        services.AddSingleton<PersonalDataRetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<PersonalDataRetentionService>());
        return services;
    }
}
