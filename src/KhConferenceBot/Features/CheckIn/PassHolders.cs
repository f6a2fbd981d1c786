using System.Globalization;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;

namespace KhConferenceBot.Features.CheckIn;

/// <summary>
/// Someone entitled to a pass today, and the answer that entitles them (<see cref="AnswerVersion"/>). A pass is issued
/// for one version; when the answer changes the version changes, so the old pass stops working at once, whichever
/// surface changed the answer.
/// </summary>
public sealed record PassHolder(ConferenceDelegate Person, string AnswerVersion, string? SubstituteForName);

/// <summary>
/// Who gets a pass: delegates who confirmed, leaders their district registered, and each named substitute in their own
/// name (while the delegate who named them still sends them). Read from the delegate list and the answers, never stored.
/// </summary>
public sealed class PassHolders(IDelegateStore delegates, IRsvpStore rsvps)
{
    public async Task<PassHolder?> FindAsync(string conferenceId, string delegateId, CancellationToken cancellationToken)
    {
        // Both reads at once: the desk waits for this on every scan while the hall fills.
        var personRead = delegates.GetAsync(conferenceId, delegateId, cancellationToken);
        var ownRead = rsvps.GetAsync(conferenceId, delegateId, cancellationToken);
        var person = await personRead.ConfigureAwait(false);
        var own = await ownRead.ConfigureAwait(false);
        if (person is null)
        {
            return null;
        }
        ConferenceDelegate? original = null;
        RsvpRecord? originalAnswer = null;
        if (person.SubstituteForId is { } originalId)
        {
            original = await delegates.GetAsync(conferenceId, originalId, cancellationToken).ConfigureAwait(false);
            originalAnswer = await rsvps.GetAsync(conferenceId, originalId, cancellationToken).ConfigureAwait(false);
        }

        return Decide(person, own, original, originalAnswer);
    }

    public async Task<IReadOnlyList<PassHolder>> ListAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var everyone = await delegates.ListAsync(conferenceId, cancellationToken).ConfigureAwait(false);
        var answers = (await rsvps.ListAsync(conferenceId, cancellationToken).ConfigureAwait(false)).ToDictionary(a => a.DelegateId, StringComparer.Ordinal);
        var byId = everyone.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var holders = new List<PassHolder>();
        foreach (var person in everyone)
        {
            var original = person.SubstituteForId is { } id ? byId.GetValueOrDefault(id) : null;
            var holder = Decide(person, answers.GetValueOrDefault(person.Id), original, original is null ? null : answers.GetValueOrDefault(original.Id));
            if (holder is not null)
            {
                holders.Add(holder);
            }
        }

        return holders;
    }

    /// <summary>The rule, without storage: what entitles <paramref name="person"/> to a pass, if anything.</summary>
    public static PassHolder? Decide(ConferenceDelegate person, RsvpRecord? own, ConferenceDelegate? original, RsvpRecord? originalAnswer)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (own is { Answer: RsvpAnswer.Attend })
        {
            return new PassHolder(person, "attend:" + Ticks(own.AnsweredAt), null);
        }

        if (own is not null)
        {
            // Declined, or sent someone else: no pass of their own (a substitute who declines their invitation neither).
            return null;
        }

        if (person.RegisteredById is not null)
        {
            return new PassHolder(person, "registered:" + Ticks(person.UpdatedAt), null);
        }

        if (original is not null
            && originalAnswer is { Answer: RsvpAnswer.Substitute, SubstituteEmail: { } email }
            && string.Equals(ConferenceDelegate.IdFromEmail(email), person.Id, StringComparison.Ordinal))
        {
            return new PassHolder(person, "substitute:" + Ticks(originalAnswer.AnsweredAt), original.Name);
        }

        return null;
    }

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString(CultureInfo.InvariantCulture);
}
