using System.Text.Json;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Graph;
using KhConferenceBot.Outbox;
using KhConferenceBot.Storage;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Schema;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Features.Invitations;

/// <summary>
/// Who an invitation run reaches, counted before anything is sent: <paramref name="ByEmail"/> go by e-mail (no Teams
/// account, or the organizers chose e-mail), <paramref name="WithoutTeams"/> can be reached by neither channel.
/// </summary>
public sealed record SendPlan(
    IReadOnlyList<ConferenceDelegate> Selected,
    IReadOnlyList<ConferenceDelegate> WithoutTeams,
    int AlreadySent,
    int AlreadyQueued,
    DelegateGroup? Group,
    TimeSpan RemindAfterDelivery,
    IReadOnlyList<ConferenceDelegate>? ByEmail = null)
{
    public IReadOnlyList<ConferenceDelegate> Emailed => ByEmail ?? [];
}

/// <summary>What a send did; <paramref name="WithoutTeams"/> are those neither Teams nor e-mail can reach.</summary>
public sealed record SendResult(int Enqueued, int AlreadyThere, IReadOnlyList<ConferenceDelegate> WithoutTeams, int ByEmail = 0);

/// <summary>
/// Invitations end to end: the card each delegate sees and sending through the outbox here; the organizers' status,
/// retries, reminders and card updates in the other InvitationService.*.cs parts. Every count is worked out from the
/// stores, so two instances agree.
/// </summary>
public sealed partial class InvitationService(
    IDelegateStore delegates,
    IRsvpStore rsvps,
    IOutbox outbox,
    IInvitationStateStore state,
    IUserPreferenceStore preferences,
    IConnectorClient connector,
    IUserDirectory directory,
    IEmailInvitations email,
    TimeProvider time,
    IOptions<ConferenceOptions> options,
    IOptions<InvitationOptions> invitationOptions,
    ILogger<InvitationService> logger) : IScheduleChangeFollower
{
    public static string InvitationPurpose(string conferenceId) => InvitationDelivery.Purpose(conferenceId);

    public static string AutoReminderPurpose(string conferenceId) => OutboxPurposes.Of(conferenceId, "reminder:rsvp:auto");

    public static string ReminderPurpose(string conferenceId, int number) => OutboxPurposes.Of(conferenceId, $"reminder:rsvp:{number}");

    /// <summary>One row per delegate and schedule change: the in-place update of the invitation they were sent.</summary>
    public static string UpdatePurpose(string conferenceId, string changeId) => OutboxPurposes.Of(conferenceId, $"invitation-update:{changeId}");

    /// <summary>The conference's public calendar file, linked from its invitations.</summary>
    public Uri CalendarUrl(string conferenceId) => new(options.Value.PublicBaseUri(), InvitationsFeature.CalendarPath(conferenceId));

    public DateTimeOffset Now => time.GetUtcNow();

    public async Task<Language> LanguageOfAsync(ConferenceDelegate person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var chosen = person.AadObjectId is { } aad ? await preferences.GetLanguageAsync(aad, cancellationToken).ConfigureAwait(false) : null;
        return chosen ?? LanguageExtensions.Parse(options.Value.DefaultLanguage) ?? Language.Vi;
    }

    /// <summary>The delegate's card as it stands now (answer, registered leaders), in the given language.</summary>
    /// <param name="answer">The delegate's answer when the caller has just stored or read it (not read again); null reads it.</param>
    public async Task<JsonElement> CardForAsync(Conference conference, ConferenceDelegate person, Language language, bool changing, CancellationToken cancellationToken, bool preview = false, RsvpRecord? answer = null)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(person);
        var rsvp = answer ?? await rsvps.GetAsync(conference.Id, person.Id, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ConferenceDelegate> leaders = [];
        if (DistrictRegistration.IsContact(conference, person))
        {
            leaders = LeadersOf(person, await delegates.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false));
        }

        return InvitationCards.Invitation(new InvitationView(conference, person, language, rsvp, leaders, CalendarUrl(conference.Id), Now, changing, preview));
    }

    public static IReadOnlyList<ConferenceDelegate> LeadersOf(ConferenceDelegate contact, IEnumerable<ConferenceDelegate> all) =>
        all.Where(d => string.Equals(d.RegisteredById, contact?.Id, StringComparison.Ordinal)).OrderBy(d => d.UpdatedAt).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();

    /// <summary>Finds a group by id or by (part of) its name, accents optional. Null argument: every group.</summary>
    public static DelegateGroup? FindGroup(Conference conference, string argument)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var wanted = CommandText.RemoveDiacritics(CommandText.Normalize(argument));
        if (wanted.Length == 0)
        {
            return null;
        }

        return conference.FindGroup(argument.Trim())
            ?? conference.Groups.FirstOrDefault(g => CommandText.RemoveDiacritics(CommandText.Normalize(g.Name.Vi)).Contains(wanted, StringComparison.Ordinal)
                || CommandText.RemoveDiacritics(CommandText.Normalize(g.Name.En)).Contains(wanted, StringComparison.Ordinal));
    }

    public async Task<SendPlan> PlanAsync(Conference conference, DelegateGroup? group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var all = await delegates.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        var selected = all
            .Where(d => group is null || string.Equals(d.GroupId, group.Id, StringComparison.OrdinalIgnoreCase))
            .OrderBy(d => conference.Groups.FindIndex(g => string.Equals(g.Id, d.GroupId, StringComparison.OrdinalIgnoreCase)))
            .ThenBy(d => d.Name, StringComparer.Ordinal)
            .ToList();
        var entries = (await outbox.ListAsync(InvitationPurpose(conference.Id), cancellationToken).ConfigureAwait(false))
            .ToDictionary(e => e.RecipientKey, StringComparer.Ordinal);
        var sent = selected.Count(d => entries.TryGetValue(d.Id, out var e) && e.State == OutboxState.Sent);
        var queued = selected.Count(d => entries.TryGetValue(d.Id, out var e) && e.State is OutboxState.Pending or OutboxState.Sending);
        return new SendPlan(
            selected,
            selected.Where(d => ChannelOf(d) is null).ToList(),
            sent,
            queued,
            group,
            invitationOptions.Value.RemindAfterDelivery,
            selected.Where(d => ChannelOf(d) == OutboxChannel.Email).ToList());
    }

    /// <summary>
    /// How the person is reached: the organizers' choice when it can be honoured, else Teams when their account is known,
    /// else e-mail when there is an address and a sending mailbox; null when neither.
    /// </summary>
    public OutboxChannel? ChannelOf(ConferenceDelegate person)
    {
        ArgumentNullException.ThrowIfNull(person);
        var teams = !string.IsNullOrWhiteSpace(person.AadObjectId);
        var mail = email.IsAvailable && !string.IsNullOrWhiteSpace(person.Email);
        return person.Channel switch
        {
            DelegateChannel.Email => mail ? OutboxChannel.Email : null,
            DelegateChannel.Teams => teams ? OutboxChannel.Teams : null,
            _ => teams ? OutboxChannel.Teams : mail ? OutboxChannel.Email : null,
        };
    }

    /// <summary>
    /// One outbox row per reachable delegate, in their channel; the outbox ignores rows it already has, so a delegate is
    /// invited once whatever the channel (one ledger: purpose and delegate id).
    /// </summary>
    public async Task<SendResult> EnqueueInvitationsAsync(Conference conference, DelegateGroup? group, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(conference, group, cancellationToken).ConfigureAwait(false);
        var unlinked = plan.Selected.Where(d => string.IsNullOrWhiteSpace(d.AadObjectId) && d.Channel != DelegateChannel.Email).ToList();
        if (unlinked.Count > 0 && directory.IsAvailable)
        {
            await FindAccountsAsync(conference, unlinked, cancellationToken).ConfigureAwait(false);
            plan = await PlanAsync(conference, group, cancellationToken).ConfigureAwait(false);
        }

        var messages = new List<OutboxMessage>();
        var all = await delegates.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        foreach (var person in plan.Selected.Where(d => ChannelOf(d) is not null))
        {
            messages.Add(await InvitationMessageAsync(conference, person, InvitationPurpose(conference.Id), all, cancellationToken).ConfigureAwait(false));
        }

        var added = messages.Count == 0 ? 0 : await outbox.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
        LogEnqueued(logger, InvitationPurpose(conference.Id), added, messages.Count - added, plan.WithoutTeams.Count);
        return new SendResult(added, messages.Count - added, plan.WithoutTeams, plan.Emailed.Count);
    }

    /// <summary>Invites one person the bot just learned about (a substitute, a registered leader). False: neither channel reaches them yet.</summary>
    public async Task<bool> InviteAsync(Conference conference, ConferenceDelegate person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (string.IsNullOrWhiteSpace(person.AadObjectId) && person.Channel != DelegateChannel.Email && directory.IsAvailable)
        {
            person = (await FindAccountsAsync(conference, [person], cancellationToken).ConfigureAwait(false)).SingleOrDefault() ?? person;
        }

        if (ChannelOf(person) is null)
        {
            return false;
        }

        var all = await delegates.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        await outbox.EnqueueAsync([await InvitationMessageAsync(conference, person, InvitationPurpose(conference.Id), all, cancellationToken).ConfigureAwait(false)], cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Looks up, by their email, the Entra accounts of delegates the list does not link to Teams yet, and remembers them
    /// on the delegate list. Returns the delegates it linked.
    /// </summary>
    private async Task<IReadOnlyList<ConferenceDelegate>> FindAccountsAsync(Conference conference, IReadOnlyList<ConferenceDelegate> people, CancellationToken cancellationToken)
    {
        var linked = new List<ConferenceDelegate>();
        foreach (var person in people.Where(p => !string.IsNullOrWhiteSpace(p.Email)))
        {
            var objectId = await directory.FindObjectIdByEmailAsync(person.Email!, cancellationToken).ConfigureAwait(false);
            if (objectId is not null)
            {
                linked.Add(person with { AadObjectId = objectId, UpdatedAt = time.GetUtcNow() });
            }
        }

        if (linked.Count > 0)
        {
            await delegates.UpsertAsync(conference.Id, linked, cancellationToken).ConfigureAwait(false);
        }

        return linked;
    }

    private async Task<OutboxMessage> InvitationMessageAsync(Conference conference, ConferenceDelegate person, string purpose, IReadOnlyList<ConferenceDelegate> all, CancellationToken cancellationToken) =>
        ChannelOf(person) == OutboxChannel.Email
            ? email.Invitation(conference, person, LeadersOf(person, all), purpose)
            : new(purpose, person.Id, await InvitationActivityAsync(conference, person, cancellationToken).ConfigureAwait(false), UserAadObjectId: person.AadObjectId, DelegateId: person.Id);

    private async Task<Activity> InvitationActivityAsync(Conference conference, ConferenceDelegate person, CancellationToken cancellationToken)
    {
        var language = await LanguageOfAsync(person, cancellationToken).ConfigureAwait(false);
        var card = await CardForAsync(conference, person, language, changing: false, cancellationToken).ConfigureAwait(false);
        var summary = person.Category == DelegateCategory.Summoned
            ? language.Pick("Giấy triệu tập", "Notice of summons")
            : language.Pick("Giấy mời", "Invitation");
        var activity = Activity.CreateCard(card, $"{summary}: {conference.ShortName.Get(language)}");
        activity.Locale = language.Code();
        return activity;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox {Purpose}: {Added} new, {Existing} already there, {WithoutTeams} without a Teams account")]
    private static partial void LogEnqueued(ILogger logger, string purpose, int added, int existing, int withoutTeams);
}
