using KhConferenceBot.Bot;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Outbox;

namespace KhConferenceBot.Features.Invitations;

/// <summary>What a retry of failed invitations did: how many went back in the queue, and who still has no Teams account.</summary>
public sealed record RetryResult(int Matched, int Retried, IReadOnlyList<ConferenceDelegate> WithoutTeams);

/// <summary>Sending again the invitations Teams did not deliver.</summary>
public sealed partial class InvitationService
{
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
        var failed = (await outbox.ListAsync(InvitationPurpose(conference.Id), cancellationToken).ConfigureAwait(false))
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
            messages.Add(await InvitationMessageAsync(conference, person, InvitationPurpose(conference.Id), cancellationToken).ConfigureAwait(false));
        }

        var retried = messages.Count == 0 ? 0 : await outbox.RetryFailedAsync(messages, cancellationToken).ConfigureAwait(false);
        var stillWithout = people.Where(d => string.IsNullOrWhiteSpace(d.AadObjectId)).ToList();
        LogRetried(logger, InvitationPurpose(conference.Id), people.Count, retried, stillWithout.Count);
        return new RetryResult(people.Count, retried, stillWithout);
    }

    private static bool Matches(ConferenceDelegate person, string who, string wanted) =>
        string.Equals(person.Id, who.Trim(), StringComparison.OrdinalIgnoreCase)
        || string.Equals(person.Email, who.Trim(), StringComparison.OrdinalIgnoreCase)
        || CommandText.RemoveDiacritics(CommandText.Normalize(person.Name)).Contains(wanted, StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox {Purpose}: retry matched {Matched} failed, {Retried} back in the queue, {WithoutTeams} still without a Teams account")]
    private static partial void LogRetried(ILogger logger, string purpose, int matched, int retried, int withoutTeams);
}
