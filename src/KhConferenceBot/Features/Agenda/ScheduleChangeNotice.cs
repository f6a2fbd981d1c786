using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Teams.Cards;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Features.Agenda;

/// <summary>
/// What people read about one schedule change: the group chat's notice (what moved, was cancelled, added or removed, a
/// new day or venue, the reason, presenters @mentioned) and, when the start, day or venue moved, the message each
/// attending delegate gets. Built from the conference before and after, so every surface's change reads the same.
/// </summary>
public sealed class ScheduleChangeNotice
{
    private readonly Conference _before;
    private readonly Conference _after;
    private readonly IReadOnlyList<ChangedRow> _changes;
    private readonly string? _reason;

    public ScheduleChangeNotice(Conference before, Conference after, IReadOnlyList<ChangedRow> changes, string? reason)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(changes);
        _before = before;
        _after = after;
        _changes = changes;
        _reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
    }

    /// <summary>The day, the first item's start or the venue moved: what a delegate who plans to come must be told.</summary>
    public bool TellsDelegates => _before.StartsAt != _after.StartsAt || _before.Venue.Vi != _after.Venue.Vi;

    /// <summary>The group chat's notice as markdown, presenters written as their mention text.</summary>
    public string GroupChatText(Language language) => string.Join("\n\n", Lines(language, []));

    public Activity GroupChatActivity(Language language, string conversationId)
    {
        var mentioned = new List<PresenterAccount>();
        var activity = Activity.CreateMessage(string.Join("\n\n", Lines(language, mentioned)));
        activity.Conversation = new ConversationAccount { Id = conversationId, ConversationType = ConversationTypes.GroupChat };

        // Teams shows a mention only when the entity's text appears in the message text, so both use one form.
        activity.Entities = mentioned.Count == 0 ? null : mentioned.Select(a => Entity.Mention(a.AadObjectId, a.Name)).ToList();
        return activity;
    }

    /// <summary>The 1:1 message to an attending delegate (Vietnamese, as the invitation was), or null when the day itself did not move.</summary>
    public string? DelegateText()
    {
        if (!TellsDelegates)
        {
            return null;
        }

        var zone = _after.Zone;
        var oldLocal = AgendaTime.Format(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(_before.StartsAt, _before.Zone).DateTime));
        var newLocal = AgendaTime.Format(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(_after.StartsAt, zone).DateTime));
        var name = $"📢 **{_after.ShortName.Vi}**: ";
        var text = _before.Date != _after.Date
            ? name + $"thời gian hội nghị thay đổi từ ~~{oldLocal}, {_before.FormatDayOfWeekDate(Language.Vi)}~~ sang **{newLocal}, {_after.FormatDayOfWeekDate(Language.Vi)}**, tại {_after.Venue.Vi}."
            : _before.StartsAt != _after.StartsAt
                ? name + $"giờ bắt đầu hội nghị thay đổi từ ~~{oldLocal}~~ sang **{newLocal}**, {_after.FormatDayOfWeekDate(Language.Vi)}, tại {_after.Venue.Vi}."
                : name + $"địa điểm hội nghị thay đổi từ ~~{_before.Venue.Vi}~~ sang **{_after.Venue.Vi}**; thời gian vẫn là {newLocal}, {_after.FormatDayOfWeekDate(Language.Vi)}.";
        if (_before.StartsAt != _after.StartsAt && _before.Venue.Vi != _after.Venue.Vi)
        {
            text += $" Địa điểm mới: **{_after.Venue.Vi}**.";
        }

        return text
            + (_reason is null ? "" : $" Lý do: {_reason}.")
            + " Gõ **chương trình** để xem chương trình mới.";
    }

    private List<string> Lines(Language language, List<PresenterAccount> mentioned)
    {
        string T(string vi, string en) => language.Pick(vi, en);
        var lines = new List<string> { T("📢 **Thay đổi chương trình hội nghị**", "📢 **Agenda change**") };
        if (_before.Date != _after.Date)
        {
            lines.Add(T($"- Ngày họp: ~~{_before.FormatDayOfWeekDate(language)}~~ → **{_after.FormatDayOfWeekDate(language)}**",
                $"- Date: ~~{_before.FormatDayOfWeekDate(language)}~~ → **{_after.FormatDayOfWeekDate(language)}**"));
        }

        if (_before.Venue.Vi != _after.Venue.Vi)
        {
            lines.Add(T($"- Địa điểm: ~~{CardText.Plain(_before.Venue.Vi)}~~ → **{CardText.Plain(_after.Venue.Vi)}**",
                $"- Venue: ~~{CardText.Plain(_before.Venue.Get(language))}~~ → **{CardText.Plain(_after.Venue.Get(language))}**"));
        }

        foreach (var change in _changes)
        {
            lines.Add(Line(change, language, mentioned));
        }

        if (_reason is not null)
        {
            lines.Add(T("Lý do: ", "Reason: ") + CardText.Plain(_reason));
        }

        lines.Add(T("Nhắc tên tôi kèm **chương trình** để xem chương trình đầy đủ.", "Mention me with **agenda** for the full agenda."));
        return lines;
    }

    private string Line(ChangedRow change, Language language, List<PresenterAccount> mentioned)
    {
        string T(string vi, string en) => language.Pick(vi, en);
        var old = _before.FindItem(change.ItemId);
        var now = _after.FindItem(change.ItemId);
        if (now is null)
        {
            return T($"- {Name(old!, language)} ({change.OldRange}): **đã bỏ khỏi chương trình**", $"- {Name(old!, language)} ({change.OldRange}): **removed from the agenda**");
        }

        var name = Name(now, language);
        if (now.Cancelled)
        {
            return T($"- {name} ({change.OldRange}): **đã hủy**", $"- {name} ({change.OldRange}): **cancelled**");
        }

        var line = old is null
            ? T($"- {name}: **{now.TimeRange}** (mục mới)", $"- {name}: **{now.TimeRange}** (new item)")
            : change.OldRange == now.TimeRange
                ? $"- {name}: {now.TimeRange}"
                : $"- {name}: ~~{change.OldRange}~~ → **{now.TimeRange}**";
        if (old is not null && old.Content.Vi != now.Content.Vi)
        {
            line += T($"; trước đây: “{Name(old, language)}”", $"; was: “{Name(old, language)}”");
        }

        if (old?.Presenter?.Vi != now.Presenter?.Vi && now.Presenter is { } p)
        {
            line += T($"; người trình bày: **{CardText.Plain(p.Get(language))}**", $"; presenter: **{CardText.Plain(p.Get(language))}**");
        }

        var presenters = now.PresenterAccounts.Where(a => !mentioned.Contains(a)).ToList();
        if (presenters.Count > 0)
        {
            line += " " + string.Join(" ", presenters.Select(a => Entity.Mention("-", a.Name).Text!));
            mentioned.AddRange(presenters);
        }

        return line;
    }

    private static string Name(AgendaItem item, Language language) => item.Content.Get(language);
}
