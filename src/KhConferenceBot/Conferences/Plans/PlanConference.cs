using System.Text;
using KhConferenceBot.Common;

namespace KhConferenceBot.Conferences.Plans;

/// <summary>The one mapping from a confirmed <see cref="PlanDraft"/> to the <see cref="Conference"/> model.</summary>
public static class PlanConference
{
    /// <summary>The hall's size when the plan gives no number of delegates (the model's default).</summary>
    public const int DefaultCapacity = 200;

    private const int ShortNameLength = 60;

    /// <summary>
    /// The conference the organizer confirmed. Only a complete draft maps (<see cref="PlanDraft.IsComplete"/>): a
    /// conference is never created half-way. English texts are left empty, so both languages show the plan's words
    /// until someone translates them.
    /// </summary>
    public static Conference ToConference(this PlanDraft draft, string conferenceId)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentException.ThrowIfNullOrWhiteSpace(conferenceId);
        if (!draft.IsComplete || draft.Title is not { } title || draft.Venue is not { } venue)
        {
            throw new InvalidOperationException(
                "The draft still has required answers missing: " + string.Join("; ", draft.Issues.Where(i => i.Blocks).Select(i => i.Field)));
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(draft.TimeZone.Value);
        var itemIds = new HashSet<string>(StringComparer.Ordinal);
        var groupIds = new HashSet<string>(StringComparer.Ordinal);
        return new Conference
        {
            Id = conferenceId,
            PlanNumber = draft.PlanNumber?.Value,
            ShortName = Text(TextCut.Shorten(title.Value, ShortNameLength)),
            Title = Text(title.Value),
            Chair = draft.Chair is { } chair ? Text(chair.Value) : null,
            CoChair = draft.CoChair is { } coChair ? Text(coChair.Value) : null,
            Venue = Text(venue.Value),
            TimeZone = draft.TimeZone.Value,
            Capacity = draft.Capacity?.Value ?? DefaultCapacity,
            Date = draft.Dates[0].Value,
            RsvpDeadline = draft.AnswerDeadline is { } deadline
                ? Conference.ToInstant(DateOnly.FromDateTime(deadline.Value), TimeOnly.FromDateTime(deadline.Value), zone).ToUniversalTime()
                : null,
            Agenda = [.. draft.Agenda.Select(item => new AgendaItem
            {
                Id = UniqueId(item.Content, itemIds, "item"),
                Start = item.Start,
                End = item.End,
                Content = Text(item.Content),
                Presenter = item.Presenter is { } presenter ? Text(presenter) : null,
                IsBreak = item.IsBreak,
                IsDiscussion = item.IsDiscussion,
            })],
            Groups = [.. draft.Groups.Select(group => new DelegateGroup
            {
                Id = UniqueId(group.Name, groupIds, "group"),
                Category = group.Category,
                Name = Text(group.Name),
                IsPress = group.IsPress,
                RegistersLeaders = group.RegistersLeaders,
            })],
        };
    }

    private static BilingualText Text(string vi) => new(vi, "");

    /// <summary>An id from the first words without diacritics ("Đón tiếp đại biểu" → "don-tiep-dai-bieu"), unique in its list.</summary>
    private static string UniqueId(string text, HashSet<string> used, string fallback)
    {
        var builder = new StringBuilder();
        var words = 0;
        foreach (var c in PlanLine.Fold(text))
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                if (++words == 4)
                {
                    break;
                }

                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        slug = slug.Length == 0 ? fallback : slug;
        var id = slug;
        for (var n = 2; !used.Add(id); n++)
        {
            id = $"{slug}-{n}";
        }

        return id;
    }
}
