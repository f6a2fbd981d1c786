using KhConferenceBot.Common;
using KhConferenceBot.Conferences;

namespace KhConferenceBot.Features.CheckIn;

/// <summary>Present against confirmed for one group or district.</summary>
public sealed record HeadcountLine(string Key, BilingualText Name, int Present, int Confirmed);

/// <summary>A confirmed person marked absent, with the organizers' reason.</summary>
public sealed record ExcusedAbsence(PassHolder Holder, AbsenceRecord Mark);

/// <summary>
/// Who is in the hall: confirmed people present, walk-ins, those excused (marked absent with a reason) and who is still
/// missing, by group and by district. What the chair asks for before opening.
/// </summary>
public sealed record Headcount(
    int Confirmed,
    int ConfirmedPresent,
    int WalkIns,
    int Substitutes,
    IReadOnlyList<HeadcountLine> Groups,
    IReadOnlyList<HeadcountLine> Districts,
    IReadOnlyList<PassHolder> Missing,
    IReadOnlyList<ExcusedAbsence> Absent)
{
    /// <summary>Everyone in the hall, walk-ins included.</summary>
    public int Present => ConfirmedPresent + WalkIns;
}

/// <summary>Counts the hall from the confirmed list and the check-in rows (a few hundred rows: read, not kept in step).</summary>
public sealed class HeadcountReader(PassHolders holders, CheckInStore store)
{
    public async Task<Headcount> ReadAsync(Conference conference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var confirmed = await holders.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        var rows = await store.ListCheckInsAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        var present = rows.Where(r => !r.IsWalkIn).Select(r => r.PersonId).ToHashSet(StringComparer.Ordinal);
        bool IsIn(PassHolder h) => present.Contains(h.Person.Id);

        // A mark on someone who came after all, or who is no longer confirmed, counts for nothing.
        var marks = (await store.ListAbsencesAsync(conference.Id, cancellationToken).ConfigureAwait(false)).ToDictionary(a => a.PersonId, StringComparer.Ordinal);
        var absent = confirmed
            .Where(h => !IsIn(h) && marks.ContainsKey(h.Person.Id))
            .Select(h => new ExcusedAbsence(h, marks[h.Person.Id]))
            .OrderBy(a => a.Holder.Person.Name, StringComparer.Ordinal)
            .ToList();

        var groups = confirmed
            .GroupBy(h => h.Person.GroupId, StringComparer.Ordinal)
            .Select(g => new HeadcountLine(g.Key, conference.FindGroup(g.Key)?.Name ?? new BilingualText(g.Key, g.Key), g.Count(IsIn), g.Count()))
            .OrderBy(l => conference.Groups.FindIndex(x => x.Id == l.Key) is var i && i < 0 ? int.MaxValue : i)
            .ToList();
        var districts = confirmed
            .Where(h => !string.IsNullOrWhiteSpace(h.Person.District))
            .GroupBy(h => h.Person.District!, StringComparer.Ordinal)
            .Select(g => new HeadcountLine(g.Key, new BilingualText(g.Key, g.Key), g.Count(IsIn), g.Count()))
            .OrderBy(l => l.Key, StringComparer.Ordinal)
            .ToList();
        return new Headcount(
            confirmed.Count,
            confirmed.Count(IsIn),
            rows.Count(r => r.IsWalkIn),
            confirmed.Count(h => h.SubstituteForName is not null && IsIn(h)),
            groups,
            districts,
            [.. confirmed.Where(h => !IsIn(h) && !marks.ContainsKey(h.Person.Id)).OrderBy(h => h.Person.Name, StringComparer.Ordinal)],
            absent);
    }
}
