using System.Text.Json;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Teams.Cards;

namespace KhConferenceBot.Features.Agenda;

/// <summary>A row the preview of a schedule change marks: the item's time before the change.</summary>
public sealed record ChangedRow(string ItemId, string OldRange, bool WasCancelled);

/// <summary>
/// The agenda as one Adaptive Card: venue and date, then one row per item with the time in an auto-width column (so
/// "08h00 - 08h05" is never cut on a 360 px phone) and the content stretching and wrapping beside it.
/// The card holds nothing that changes with the clock except the over/now/next marks, so rendering the same state twice
/// gives the same JSON; live updates rely on that to skip needless PUTs.
/// </summary>
public static class AgendaCard
{
    public static JsonElement Render(Conference conference, Language language, AgendaSnapshot snapshot, IReadOnlyList<ChangedRow>? changes = null, string? heading = null)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(snapshot);
        return Build(conference, language, snapshot, changes, heading).ToJsonElement();
    }

    public static AdaptiveCard Build(Conference conference, Language language, AgendaSnapshot snapshot, IReadOnlyList<ChangedRow>? changes = null, string? heading = null)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(snapshot);
        string T(string vi, string en) => language.Pick(vi, en);

        var card = new AdaptiveCard
        {
            Lang = language.Code(),
            Body =
            {
                new TextBlock(heading ?? T("Chương trình hội nghị", "Conference agenda")) { Size = TextSize.Medium, Weight = TextWeight.Bolder, Style = TextBlockStyle.Heading },
                new TextBlock(conference.ShortName.Get(language)) { IsSubtle = true, Spacing = Spacing.None },
                new FactSet
                {
                    Facts =
                    {
                        new Fact(T("Ngày", "Date"), conference.FormatDayOfWeekDate(language)),
                        new Fact(T("Địa điểm", "Venue"), conference.Venue.Get(language)),
                    },
                },
            },
        };

        var changed = (changes ?? []).ToDictionary(c => c.ItemId, StringComparer.Ordinal);
        foreach (var item in conference.Agenda.OrderBy(a => a.Start))
        {
            changed.TryGetValue(item.Id, out var change);
            card.Body.Add(Row(item, language, snapshot.StateOf(item.Id), change));
        }

        return card;
    }

    private static Container Row(AgendaItem item, Language language, AgendaItemState state, ChangedRow? change)
    {
        string T(string vi, string en) => language.Pick(vi, en);
        var over = state == AgendaItemState.Over;
        var cancelled = state == AgendaItemState.Cancelled;

        var time = new TextBlock(item.TimeRange) { Weight = state == AgendaItemState.Now ? TextWeight.Bolder : null, IsSubtle = over || cancelled ? true : null, Wrap = false };
        var timeColumn = new Column(ColumnWidth.Auto) { Items = { time } };
        if (change is not null && change.OldRange != item.TimeRange)
        {
            timeColumn.Items.Add(new RichTextBlock { Inlines = { new TextRun(change.OldRange) { Strikethrough = true, IsSubtle = true, Size = TextSize.Small } }, Spacing = Spacing.None });
        }

        var content = item.IsBreak
            ? "☕ " + item.Content.Get(language)
            : item.Content.Get(language);
        var detail = new Column(ColumnWidth.Stretch);
        if (cancelled)
        {
            detail.Items.Add(new RichTextBlock { Inlines = { new TextRun(content) { Strikethrough = true, IsSubtle = true } } });
        }
        else
        {
            detail.Items.Add(new TextBlock(content)
            {
                Weight = state == AgendaItemState.Now ? TextWeight.Bolder : null,
                IsSubtle = over ? true : null,
                Style = null,
            });
        }

        if (item.Presenter is { } presenter && !string.IsNullOrWhiteSpace(presenter.Get(language)))
        {
            detail.Items.Add(new TextBlock(presenter.Get(language)) { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.None });
        }

        // The tinted container carries the state's colour; text on it keeps the default colour, since the host's
        // good/accent/warning text colours on their own tints fall below WCAG's 4.5:1 (yellow on orange was 1.9:1).
        ContainerStyle? style = change is not null ? ContainerStyle.Warning
            : state == AgendaItemState.Now ? ContainerStyle.Good
            : state == AgendaItemState.Next ? ContainerStyle.Emphasis
            : null;
        var label = state switch
        {
            AgendaItemState.Over => new TextBlock(T("✓ Đã xong", "✓ Done")) { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.None },
            AgendaItemState.Now => new TextBlock(T("● Đang diễn ra", "● Happening now")) { Weight = TextWeight.Bolder, Size = TextSize.Small, Spacing = Spacing.None },
            AgendaItemState.Next => new TextBlock(T("Tiếp theo", "Next")) { Weight = TextWeight.Bolder, Size = TextSize.Small, Spacing = Spacing.None },
            AgendaItemState.Cancelled => new TextBlock(T("Đã hủy", "Cancelled")) { Color = style is null ? TextColor.Attention : null, Size = TextSize.Small, Spacing = Spacing.None },
            _ => null,
        };
        if (label is not null)
        {
            detail.Items.Add(label);
        }

        if (change is not null)
        {
            detail.Items.Add(new TextBlock(change.WasCancelled == cancelled
                ? T("Thay đổi: trước đây " + change.OldRange, "Changed: was " + change.OldRange)
                : T("Thay đổi: hủy mục này", "Changed: item cancelled"))
            { Weight = TextWeight.Bolder, Size = TextSize.Small, Spacing = Spacing.None });
        }

        return new Container
        {
            Separator = true,
            Spacing = Spacing.Small,
            Style = style,
            Items = { new ColumnSet { Columns = { timeColumn, detail } } },
        };
    }
}
