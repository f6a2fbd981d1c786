using System.Text.Json;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Planning;
using KhConferenceBot.Teams.Auth;
using KhConferenceBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Tests.Infrastructure;

/// <summary>
/// The sample conference as the tests know it: samples/khanh-hoa-2023 with short hand-picked ids ("so-nganh",
/// "break", "closing") that tests name, from Data/sample-conference.json, and the sample's own delegates.csv. The app
/// creates the sample through the plan reader (Planning:SamplePlans), whose ids come from the texts; tests keep these
/// fixed ids so that a wording change in the plan does not move them. The fixture's texts are the plan's
/// (SamplePlanTests), so both give the same conference.
/// </summary>
internal static class SampleConference
{
    public const string Id = "khanh-hoa-2023";

    public static string FixturePath => Path.Combine(TestPaths.RepoRoot, "tests", "KhConferenceBot.Tests", "Data", "sample-conference.json");

    public static string DelegatesPath => Path.Combine(TestPaths.RepoRoot, "samples", Id, SamplePlanLoader.DelegatesFileName);

    public static Conference Load() =>
        JsonSerializer.Deserialize<Conference>(File.ReadAllText(FixturePath), ConferenceJson.Options)
        ?? throw new InvalidDataException($"{FixturePath} is empty.");

    /// <summary>
    /// Seeds the fixture at start, before every hosted service of the app (the live agenda, reminders and the outbox
    /// find it on their first tick), unless the host asks for the sample's real plan in Planning:SamplePlans.
    /// </summary>
    public static IServiceCollection AddSampleConferenceSeed(this IServiceCollection services)
    {
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, Seeder>());
        return services;
    }

    /// <summary>
    /// As the app's sample loader does for a plan: Open, the date <c>Conference:Date</c> or tomorrow (answers open until
    /// the evening before; a configured date keeps the plan's window), read again at every start with agenda edits
    /// kept, the configured creators as organizers, delegates.csv imported in local mode.
    /// </summary>
    private sealed class Seeder(
        IConferenceStore store,
        ConferenceRoles roles,
        DelegateImporter importer,
        IOptions<ConferenceOptions> options,
        IOptions<PlanningOptions> planning,
        IOptions<BotAuthenticationOptions> bot,
        TimeProvider time) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (planning.Value.SamplePlans.Any(p => Path.GetFileName(Path.GetDirectoryName(p)) == Id))
            {
                return;
            }

            var existing = await store.GetAsync(Id, cancellationToken).ConfigureAwait(false);
            var conference = existing?.Conference ?? Load();
            if (existing is null)
            {
                conference.State = ConferenceState.Open;
                conference.CreatedAt = time.GetUtcNow();
            }

            var configured = options.Value.Date;
            conference.Date = configured ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), conference.Zone).Date).AddDays(1);
            conference.RsvpDeadline = configured is null
                ? Conference.ToInstant(conference.Date.AddDays(-1), new TimeOnly(23, 59, 59), conference.Zone)
                : null;
            await store.UpsertAsync(conference, cancellationToken).ConfigureAwait(false);

            foreach (var creator in roles.Creators)
            {
                await roles.GrantAsync(Id, creator, ConferenceRole.Organizer, null, null, null, cancellationToken).ConfigureAwait(false);
            }

            // As before the plan reader: the sample's delegates (Playground ids) only in local mode.
            if (!bot.Value.IsLocalMode)
            {
                return;
            }

            var report = await importer.ImportAsync(conference, await File.ReadAllBytesAsync(DelegatesPath, cancellationToken).ConfigureAwait(false), DelegateFileFormat.Csv, cancellationToken).ConfigureAwait(false);
            if (report.Rejected.Count > 0)
            {
                throw new InvalidDataException($"{DelegatesPath}: {report.Rejected.Count} rows rejected by the fixture conference.");
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
