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

/// <summary>Who an invitation run reaches, counted before anything is sent.</summary>
public sealed record SendPlan(
    IReadOnlyList<ConferenceDelegate> Selected,
    IReadOnlyList<ConferenceDelegate> WithoutTeams,
    int AlreadySent,
    int AlreadyQueued,
    DelegateGroup? Group,
    TimeSpan RemindAfterDelivery);

/// <summary>Who a reminder reaches now, and how many non-responders got their invitation too recently to be reminded.</summary>
public sealed record ReminderScope(IReadOnlyList<ConferenceDelegate> Targets, int TooRecent, TimeSpan RemindAfterDelivery);

public sealed record SendResult(int Enqueued, int AlreadyThere, IReadOnlyList<ConferenceDelegate> WithoutTeams);

/// <summary>One group's delegates, each in exactly one column: Total = Attending + Substitutes + Declined + Leaders + NoAnswer.</summary>
public sealed record GroupStatus(DelegateGroup Group, int Total, int Attending, int Declined, int Substitutes, int NoAnswer, int Leaders = 0);

/// <summary>A locality's registration: leaders its contact registered against the quota.</summary>
public sealed record DistrictSlots(ConferenceDelegate Contact, int Registered, int Quota);

public sealed record StatusReport(
    int Total,
    int Invited,
    int Summoned,
    int Attending,
    int Declined,
    int Substitutes,
    int NoAnswer,
    int RegisteredLeaders,
    int ExpectedHeadcount,
    int Capacity,
    int Sent,
    int Waiting,
    IReadOnlyList<GroupStatus> ByGroup,
    IReadOnlyList<DeliveryFailure> Failures,
    IReadOnlyList<ConferenceDelegate> NonResponders,
    IReadOnlyList<DistrictSlots>? Districts = null)
{
    /// <summary>Localities and their registered leaders; the contacts themselves are not delegates counted in <see cref="Total"/>.</summary>
    public IReadOnlyList<DistrictSlots> Localities => Districts ?? [];

    public bool OverCapacity => ExpectedHeadcount > Capacity;
}

/// <summary>An invitation Teams did not deliver: to whom (name and unit, as organizers know them) and why, in plain words.</summary>
public sealed record DeliveryFailure(string DelegateId, string Name, string? Unit, string Code, string Reason);

/// <summary>What a retry of failed invitations did: how many went back in the queue, and who still has no Teams account.</summary>
public sealed record RetryResult(int Matched, int Retried, IReadOnlyList<ConferenceDelegate> WithoutTeams);

/// <summary>
/// Invitations end to end: the card each delegate sees, sending through the outbox, the organizers' status and
/// reminders. Every count is worked out from the stores, so two instances agree.
/// </summary>
public sealed partial class InvitationService(
    IDelegateStore delegates,
    IRsvpStore rsvps,
    IOutbox outbox,
    IInvitationStateStore state,
    IUserPreferenceStore preferences,
    IConnectorClient connector,
    IUserDirectory directory,
    TimeProvider time,
    IOptions<ConferenceOptions> options,
    IOptions<InvitationOptions> invitationOptions,
    ILogger<InvitationService> logger) : IScheduleChangeFollower
{
    public const string InvitationPurpose = InvitationDelivery.Purpose;
    public const string AutoReminderPurpose = "reminder:rsvp:auto";

    public static string ReminderPurpose(int number) => $"reminder:rsvp:{number}";

    /// <summary>One row per delegate and schedule change: the in-place update of the invitation they were sent.</summary>
    public static string UpdatePurpose(string changeId) => $"invitation-update:{changeId}";

    public Uri CalendarUrl => new(options.Value.PublicBaseUri(), "conference.ics");

    public DateTimeOffset Now => time.GetUtcNow();

    public async Task<Language> LanguageOfAsync(ConferenceDelegate person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var chosen = person.AadObjectId is { } aad ? await preferences.GetLanguageAsync(aad, cancellationToken).ConfigureAwait(false) : null;
        return chosen ?? LanguageExtensions.Parse(options.Value.DefaultLanguage) ?? Language.Vi;
    }

    /// <summary>The delegate's card as it stands now (answer, registered leaders), in the given language.</summary>
    public async Task<JsonElement> CardForAsync(Conference conference, ConferenceDelegate person, Language language, bool changing, CancellationToken cancellationToken, bool preview = false)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(person);
        var rsvp = await rsvps.GetAsync(conference.Id, person.Id, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ConferenceDelegate> leaders = [];
        if (DistrictRegistration.IsContact(conference, person))
        {
            leaders = LeadersOf(person, await delegates.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false));
        }

        return InvitationCards.Invitation(new InvitationView(conference, person, language, rsvp, leaders, CalendarUrl, Now, changing, preview));
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
        var entries = (await outbox.ListAsync(InvitationPurpose, cancellationToken).ConfigureAwait(false))
            .ToDictionary(e => e.RecipientKey, StringComparer.Ordinal);
        var sent = selected.Count(d => entries.TryGetValue(d.Id, out var e) && e.State == OutboxState.Sent);
        var queued = selected.Count(d => entries.TryGetValue(d.Id, out var e) && e.State is OutboxState.Pending or OutboxState.Sending);
        return new SendPlan(selected, selected.Where(d => string.IsNullOrWhiteSpace(d.AadObjectId)).ToList(), sent, queued, group, invitationOptions.Value.RemindAfterDelivery);
    }

    /// <summary>One outbox row per delegate with a Teams account; the outbox ignores rows it already has.</summary>
    public async Task<SendResult> EnqueueInvitationsAsync(Conference conference, DelegateGroup? group, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(conference, group, cancellationToken).ConfigureAwait(false);
        if (plan.WithoutTeams.Count > 0 && directory.IsAvailable)
        {
            await FindAccountsAsync(conference, plan.WithoutTeams, cancellationToken).ConfigureAwait(false);
            plan = await PlanAsync(conference, group, cancellationToken).ConfigureAwait(false);
        }

        var messages = new List<OutboxMessage>();
        foreach (var person in plan.Selected.Where(d => !string.IsNullOrWhiteSpace(d.AadObjectId)))
        {
            messages.Add(await InvitationMessageAsync(conference, person, InvitationPurpose, cancellationToken).ConfigureAwait(false));
        }

        var added = messages.Count == 0 ? 0 : await outbox.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
        LogEnqueued(logger, InvitationPurpose, added, messages.Count - added, plan.WithoutTeams.Count);
        return new SendResult(added, messages.Count - added, plan.WithoutTeams);
    }

    /// <summary>Invites one person the bot just learned about (a substitute, a registered leader). False: no Teams account yet.</summary>
    public async Task<bool> InviteAsync(Conference conference, ConferenceDelegate person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (string.IsNullOrWhiteSpace(person.AadObjectId) && directory.IsAvailable)
        {
            person = (await FindAccountsAsync(conference, [person], cancellationToken).ConfigureAwait(false)).SingleOrDefault() ?? person;
        }

        if (string.IsNullOrWhiteSpace(person.AadObjectId))
        {
            return false;
        }

        await outbox.EnqueueAsync([await InvitationMessageAsync(conference, person, InvitationPurpose, cancellationToken).ConfigureAwait(false)], cancellationToken).ConfigureAwait(false);
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

    public async Task<StatusReport> StatusAsync(Conference conference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var all = await delegates.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        var answers = (await rsvps.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.DelegateId, StringComparer.Ordinal);
        var entries = await outbox.ListAsync(InvitationPurpose, cancellationToken).ConfigureAwait(false);

        // A substitute stands in the seat of the delegate who sent them; counting both would count one seat twice.
        var people = all.Where(d => d.SubstituteForId is null).ToList();
        var contacts = people.Where(d => DistrictRegistration.IsContact(conference, d)).ToList();
        var answering = people.Where(d => !DistrictRegistration.IsContact(conference, d)).ToList();
        RsvpAnswer? AnswerOf(ConferenceDelegate d) => answers.TryGetValue(d.Id, out var r) ? r.Answer : null;

        var attending = answering.Count(d => AnswerOf(d) == RsvpAnswer.Attend);
        var declined = answering.Count(d => AnswerOf(d) == RsvpAnswer.Decline);
        var substitutes = answering.Count(d => AnswerOf(d) == RsvpAnswer.Substitute);

        // Every delegate is counted in exactly one column: their own answer, else "registered by their locality"
        // (expected unless they say otherwise), else "no reply". District contacts register others and are shown
        // with their localities' slots instead.
        bool RegisteredAwaiting(ConferenceDelegate d) => d.RegisteredById is not null && AnswerOf(d) is null;
        bool Silent(ConferenceDelegate d) => d.RegisteredById is null && AnswerOf(d) is null;
        var leadersAwaiting = answering.Count(RegisteredAwaiting);
        var expected = attending + substitutes + leadersAwaiting;
        var nonResponders = answering.Where(Silent)
            .Concat(contacts.Where(c => LeadersOf(c, all).Count == 0))
            .OrderBy(d => conference.Groups.FindIndex(g => string.Equals(g.Id, d.GroupId, StringComparison.OrdinalIgnoreCase)))
            .ThenBy(d => d.Name, StringComparer.Ordinal)
            .ToList();

        var byGroup = conference.Groups.Select(g =>
        {
            var members = answering.Where(d => string.Equals(d.GroupId, g.Id, StringComparison.OrdinalIgnoreCase)).ToList();
            return new GroupStatus(g, members.Count,
                members.Count(d => AnswerOf(d) == RsvpAnswer.Attend),
                members.Count(d => AnswerOf(d) == RsvpAnswer.Decline),
                members.Count(d => AnswerOf(d) == RsvpAnswer.Substitute),
                members.Count(Silent),
                members.Count(RegisteredAwaiting));
        }).Where(g => g.Total > 0).ToList();
        var districts = contacts
            .Select(c => new DistrictSlots(c, LeadersOf(c, all).Count, DistrictRegistration.Quota(conference, c)))
            .OrderBy(d => d.Contact.District ?? d.Contact.Name, StringComparer.Ordinal)
            .ToList();

        return new StatusReport(
            answering.Count,
            answering.Count(d => d.Category == DelegateCategory.Invited),
            answering.Count(d => d.Category == DelegateCategory.Summoned),
            attending,
            declined,
            substitutes,
            answering.Count(Silent),
            leadersAwaiting,
            expected,
            conference.Capacity,
            entries.Count(e => e.State == OutboxState.Sent),
            entries.Count(e => e.State is OutboxState.Pending or OutboxState.Sending),
            byGroup,
            FailuresOf(entries, all),
            nonResponders,
            districts);
    }

    /// <summary>
    /// Sends again the invitations that failed: all of them, or only those of the delegates whose name (accents
    /// optional), id or e-mail matches <paramref name="who"/>. Each is rebuilt from the delegate's data as it is now
    /// (an account found since, a corrected name), and only rows that are still Failed go back in the queue, so nothing
    /// is ever delivered twice. The chat command and the organizer API both call this.
    /// </summary>
    public async Task<RetryResult> RetryFailedAsync(Conference conference, string? who, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var all = await delegates.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        var failed = (await outbox.ListAsync(InvitationPurpose, cancellationToken).ConfigureAwait(false))
            .Where(e => e.State == OutboxState.Failed)
            .Select(e => e.RecipientKey)
            .ToHashSet(StringComparer.Ordinal);
        var wanted = string.IsNullOrWhiteSpace(who) ? null : CommandText.RemoveDiacritics(CommandText.Normalize(who));
        var people = all.Where(d => failed.Contains(d.Id) && (wanted is null || Matches(d, who!, wanted))).ToList();

        var withoutAccount = people.Where(d => string.IsNullOrWhiteSpace(d.AadObjectId)).ToList();
        if (withoutAccount.Count > 0 && directory.IsAvailable)
        {
            var linked = await FindAccountsAsync(conference, withoutAccount, cancellationToken).ConfigureAwait(false);
            var byId = linked.ToDictionary(d => d.Id, StringComparer.Ordinal);
            people = people.Select(d => byId.GetValueOrDefault(d.Id) ?? d).ToList();
        }

        var messages = new List<OutboxMessage>();
        foreach (var person in people.Where(d => !string.IsNullOrWhiteSpace(d.AadObjectId)))
        {
            messages.Add(await InvitationMessageAsync(conference, person, InvitationPurpose, cancellationToken).ConfigureAwait(false));
        }

        var retried = messages.Count == 0 ? 0 : await outbox.RetryFailedAsync(messages, cancellationToken).ConfigureAwait(false);
        var stillWithout = people.Where(d => string.IsNullOrWhiteSpace(d.AadObjectId)).ToList();
        LogRetried(logger, InvitationPurpose, people.Count, retried, stillWithout.Count);
        return new RetryResult(people.Count, retried, stillWithout);
    }

    private static bool Matches(ConferenceDelegate person, string who, string wanted) =>
        string.Equals(person.Id, who.Trim(), StringComparison.OrdinalIgnoreCase)
        || string.Equals(person.Email, who.Trim(), StringComparison.OrdinalIgnoreCase)
        || CommandText.RemoveDiacritics(CommandText.Normalize(person.Name)).Contains(wanted, StringComparison.Ordinal);

    private static List<DeliveryFailure> FailuresOf(IEnumerable<OutboxEntry> entries, IEnumerable<ConferenceDelegate> all)
    {
        var byId = all.ToDictionary(d => d.Id, StringComparer.Ordinal);
        return entries.Where(e => e.State == OutboxState.Failed).Select(e =>
        {
            var person = byId.GetValueOrDefault(e.RecipientKey);
            var code = e.ErrorCode ?? "Unknown";
            return new DeliveryFailure(e.RecipientKey, person?.Name ?? e.RecipientKey, person?.Organisation, code, e.ErrorMessage ?? OutboxFailureReasons.For(code));
        }).ToList();
    }

    /// <summary>
    /// Reminds the people whose invitation reached them at least <see cref="InvitationOptions.RemindAfterDelivery"/> ago
    /// and who have not answered. The purpose names the round, so one round reaches each person at most once however
    /// often it is triggered.
    /// </summary>
    public async Task<int> RemindAsync(Conference conference, string purpose, CancellationToken cancellationToken)
    {
        var scope = await ReminderScopeAsync(conference, cancellationToken).ConfigureAwait(false);
        var delivered = await DeliveredInvitationsAsync(cancellationToken).ConfigureAwait(false);
        var messages = new List<OutboxMessage>();
        foreach (var person in scope.Targets)
        {
            var language = await LanguageOfAsync(person, cancellationToken).ConfigureAwait(false);
            var card = InvitationCards.Reminder(new ReminderView(conference, person, language, delivered[person.Id].SentAt!.Value, null));
            var activity = Activity.CreateCard(card, language.Pick($"Nhắc phản hồi: {conference.ShortName.Get(language)}", $"Reminder: {conference.ShortName.Get(language)}"));
            activity.Locale = language.Code();
            messages.Add(new OutboxMessage(purpose, person.Id, activity, UserAadObjectId: person.AadObjectId));
        }

        var added = messages.Count == 0 ? 0 : await outbox.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
        LogEnqueued(logger, purpose, added, messages.Count - added, 0);
        return added;
    }

    public async Task<IReadOnlyList<ConferenceDelegate>> ReminderTargetsAsync(Conference conference, CancellationToken cancellationToken) =>
        (await ReminderScopeAsync(conference, cancellationToken).ConfigureAwait(false)).Targets;

    public async Task<ReminderScope> ReminderScopeAsync(Conference conference, CancellationToken cancellationToken)
    {
        var status = await StatusAsync(conference, cancellationToken).ConfigureAwait(false);
        var delivered = await DeliveredInvitationsAsync(cancellationToken).ConfigureAwait(false);
        var wait = invitationOptions.Value.RemindAfterDelivery;
        var latest = time.GetUtcNow() - wait;
        var reachable = status.NonResponders.Where(d => delivered.ContainsKey(d.Id) && !string.IsNullOrWhiteSpace(d.AadObjectId)).ToList();
        var targets = reachable.Where(d => delivered[d.Id].SentAt <= latest).ToList();
        return new ReminderScope(targets, reachable.Count - targets.Count, wait);
    }

    private async Task<Dictionary<string, OutboxEntry>> DeliveredInvitationsAsync(CancellationToken cancellationToken) =>
        (await outbox.ListAsync(InvitationPurpose, cancellationToken).ConfigureAwait(false))
            .Where(e => e.State == OutboxState.Sent && e.SentAt is not null)
            .ToDictionary(e => e.RecipientKey, StringComparer.Ordinal);

    /// <summary>
    /// Puts the new state on the invitation message the delegate received, so every client (and the next time they
    /// scroll up) shows it. A failure here is logged: the answer is already stored.
    /// </summary>
    public async Task UpdateOriginalAsync(TurnContext turn, ConferenceDelegate person, JsonElement card)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(person);
        try
        {
            var entry = await outbox.GetAsync(InvitationPurpose, person.Id, turn.CancellationToken).ConfigureAwait(false);
            var replyTo = turn.Activity.ReplyToId;
            if (entry is { ActivityId: { Length: > 0 } id, ConversationId: { Length: > 0 } conversation, ServiceUrl: { Length: > 0 } serviceUrl })
            {
                // The Submit fallback already replaces the clicked message itself (the router does it).
                if (!turn.Activity.IsType(ActivityTypes.Invoke) && string.Equals(id, replyTo, StringComparison.Ordinal))
                {
                    return;
                }

                var update = Activity.CreateCard(card);
                update.Id = id;
                update.Conversation = new ConversationAccount { Id = conversation };
                await connector.UpdateActivityAsync(serviceUrl, conversation, id, update, turn.CancellationToken).ConfigureAwait(false);
            }
            else if (turn.Activity.IsType(ActivityTypes.Invoke) && !string.IsNullOrEmpty(replyTo))
            {
                await turn.UpdateAsync(replyTo, Activity.CreateCard(card)).ConfigureAwait(false);
            }

            if (entry?.SentAt is { } sentAt)
            {
                await UpdateRemindersAsync(turn, person, sentAt).ConfigureAwait(false);
            }
        }
        catch (ConnectorException e)
        {
            LogUpdateFailed(logger, person.Id, e.Message);
        }
        catch (HttpRequestException e)
        {
            LogUpdateFailed(logger, person.Id, e.Message);
        }
    }

    /// <summary>
    /// Queues, for every delegate whose invitation was delivered, a PUT of that message with the card as it stands now
    /// (new times, end and agenda; their answer kept). The purpose names the change, so asking again adds nothing.
    /// An invitation still queued at that moment has no message to update yet and goes out as it was rendered.
    /// </summary>
    public async Task<int> EnqueueCardUpdatesAsync(Conference conference, string changeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentException.ThrowIfNullOrWhiteSpace(changeId);
        var people = (await delegates.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false)).ToDictionary(d => d.Id, StringComparer.Ordinal);
        var purpose = UpdatePurpose(changeId);
        var messages = new List<OutboxMessage>();
        foreach (var sent in await outbox.ListAsync(InvitationPurpose, cancellationToken).ConfigureAwait(false))
        {
            if (sent is not { State: OutboxState.Sent, ActivityId: { Length: > 0 } activityId, ConversationId: { Length: > 0 } conversationId, ServiceUrl: { Length: > 0 } serviceUrl }
                || !people.TryGetValue(sent.RecipientKey, out var person))
            {
                continue;
            }

            var activity = await InvitationActivityAsync(conference, person, cancellationToken).ConfigureAwait(false);
            activity.Id = activityId;
            activity.Conversation = new ConversationAccount { Id = conversationId };
            messages.Add(new OutboxMessage(purpose, person.Id, activity, ConversationId: conversationId, ServiceUrl: serviceUrl));
        }

        var added = messages.Count == 0 ? 0 : await outbox.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
        LogEnqueued(logger, purpose, added, messages.Count - added, 0);
        return added;
    }

    /// <summary>Queues the card updates of a change once: the mark is set only after they are all in the outbox.</summary>
    async Task<int> IScheduleChangeFollower.FollowAsync(Conference updated, string changeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        if (await state.GetFollowedChangeAsync(updated.Id, cancellationToken).ConfigureAwait(false) == changeId)
        {
            return 0;
        }

        var added = await EnqueueCardUpdatesAsync(updated, changeId, cancellationToken).ConfigureAwait(false);
        await state.SetFollowedChangeAsync(updated.Id, changeId, cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <summary>
    /// Every reminder the delegate received now says the answer arrived, so no copy in their chat still reads "no reply
    /// yet" (reminders sent by earlier versions carried live answer buttons; they are replaced too).
    /// </summary>
    private async Task UpdateRemindersAsync(TurnContext turn, ConferenceDelegate person, DateTimeOffset invitationSentAt)
    {
        var rsvp = await rsvps.GetAsync(turn.Conference.Id, person.Id, turn.CancellationToken).ConfigureAwait(false);
        var language = await LanguageOfAsync(person, turn.CancellationToken).ConfigureAwait(false);
        var rounds = await state.ReminderRoundsAsync(turn.Conference.Id, turn.CancellationToken).ConfigureAwait(false);
        var purposes = Enumerable.Range(1, rounds).Select(ReminderPurpose).Prepend(AutoReminderPurpose);
        foreach (var purpose in purposes)
        {
            var reminder = await outbox.GetAsync(purpose, person.Id, turn.CancellationToken).ConfigureAwait(false);
            if (reminder is { ActivityId: { Length: > 0 } id, ConversationId: { Length: > 0 } conversation, ServiceUrl: { Length: > 0 } serviceUrl })
            {
                var update = Activity.CreateCard(InvitationCards.Reminder(new ReminderView(turn.Conference, person, language, invitationSentAt, rsvp)));
                update.Id = id;
                update.Conversation = new ConversationAccount { Id = conversation };
                await connector.UpdateActivityAsync(serviceUrl, conversation, id, update, turn.CancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<OutboxMessage> InvitationMessageAsync(Conference conference, ConferenceDelegate person, string purpose, CancellationToken cancellationToken) =>
        new(purpose, person.Id, await InvitationActivityAsync(conference, person, cancellationToken).ConfigureAwait(false), UserAadObjectId: person.AadObjectId);

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox {Purpose}: retry matched {Matched} failed, {Retried} back in the queue, {WithoutTeams} still without a Teams account")]
    private static partial void LogRetried(ILogger logger, string purpose, int matched, int retried, int withoutTeams);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not update the invitation message of delegate {DelegateId}: {Error}")]
    private static partial void LogUpdateFailed(ILogger logger, string delegateId, string error);
}
