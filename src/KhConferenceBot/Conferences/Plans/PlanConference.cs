namespace KhConferenceBot.Conferences.Plans;

/// <summary>From a confirmed <see cref="PlanDraft"/> to the <see cref="Conference"/> model, through <see cref="ConferenceForm"/>.</summary>
public static class PlanConference
{
    /// <summary>The hall's size when the plan gives no number of delegates (the model's default).</summary>
    public const int DefaultCapacity = 200;

    /// <summary>
    /// The conference the organizer confirmed. Only a complete draft maps (<see cref="PlanDraft.IsComplete"/>): a
    /// conference is never created half-way. English texts are left empty, so both languages show the plan's words
    /// until someone translates them.
    /// </summary>
    public static Conference ToConference(this PlanDraft draft, string conferenceId)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentException.ThrowIfNullOrWhiteSpace(conferenceId);
        if (!draft.IsComplete)
        {
            throw new InvalidOperationException(
                "The draft still has required answers missing: " + string.Join("; ", draft.Issues.Where(i => i.Blocks).Select(i => i.Field)));
        }

        return ConferenceForm.FromDraft(draft).ToConference(conferenceId);
    }
}
