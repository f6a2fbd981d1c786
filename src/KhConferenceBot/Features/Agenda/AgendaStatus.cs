using KhConferenceBot.Conferences;

namespace KhConferenceBot.Features.Agenda;

public enum AgendaItemState
{
    Upcoming,
    Next,
    Now,
    Over,
    Cancelled,
}

/// <summary>Where the day stands at one instant: which item runs now and which comes next.</summary>
public sealed record AgendaSnapshot(string? NowItemId, string? NextItemId, IReadOnlyDictionary<string, AgendaItemState> States)
{
    public AgendaItemState StateOf(string itemId) => States.TryGetValue(itemId, out var s) ? s : AgendaItemState.Upcoming;

    /// <summary>
    /// Computes the states. An item is "now" from its start (inclusive) to its end (exclusive); "next" is the first
    /// item not started yet, so during a break the item after it is already "next". Cancelled items never run.
    /// </summary>
    public static AgendaSnapshot At(Conference conference, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var states = new Dictionary<string, AgendaItemState>(StringComparer.Ordinal);
        string? nowId = null;
        string? nextId = null;
        foreach (var item in conference.Agenda.OrderBy(a => a.Start))
        {
            if (item.Cancelled)
            {
                states[item.Id] = AgendaItemState.Cancelled;
                continue;
            }

            var start = conference.At(item.Start);
            var end = conference.At(item.End);
            if (now >= end)
            {
                states[item.Id] = AgendaItemState.Over;
            }
            else if (now >= start)
            {
                states[item.Id] = AgendaItemState.Now;
                nowId ??= item.Id;
            }
            else if (nextId is null)
            {
                states[item.Id] = AgendaItemState.Next;
                nextId = item.Id;
            }
            else
            {
                states[item.Id] = AgendaItemState.Upcoming;
            }
        }

        return new AgendaSnapshot(nowId, nextId, states);
    }
}
