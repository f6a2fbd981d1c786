using KhConferenceBot.Common;
using KhConferenceBot.Conferences;

namespace KhConferenceBot.Features.Reminders;

public enum ReminderTarget
{
    GroupChat,
    ConfirmedDelegates,
}

/// <summary>
/// One reminder the current agenda calls for. <see cref="Key"/> is (kind, item, due time): when a schedule change moves
/// the item, the reminder gets a new key and a new row, and a row already sent is never sent again.
/// </summary>
public sealed record PlannedReminder(string Kind, string ItemId, DateTimeOffset DueAt, ReminderTarget Target, string Text)
{
    public string Key => $"{Kind}|{ItemId}|{DueAt.UtcDateTime:yyyyMMddTHHmm}";
}

/// <summary>A reminder an organizer added by hand ("nhắc lúc 09h30 ...").</summary>
public sealed record CustomReminder(string Id, TimeOnly At, string Text, string? CreatedBy);

/// <summary>Derives the reminders from the agenda as it is now. Pure: the scheduler calls it on every tick.</summary>
public static class ReminderPlanner
{
    public const string DayBeforeKind = "day-before";
    public const string BeforeStartKind = "before-start";
    public const string BreakEndKind = "break-end";
    public const string BeforeDiscussionKind = "before-discussion";
    public const string AnnounceKind = "now";
    public const string CustomKind = "custom";

    public static IReadOnlyList<PlannedReminder> Plan(Conference conference, ReminderOptions options, IEnumerable<CustomReminder> custom)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(custom);
        var items = conference.Agenda.Where(a => !a.Cancelled).OrderBy(a => a.Start).ToList();
        var plan = new List<PlannedReminder>();
        if (items.Count == 0)
        {
            return plan;
        }

        var first = items[0];
        var start = AgendaTime.Format(first.Start);
        if (options.DayBefore)
        {
            var at = AgendaTime.TryParse(options.DayBeforeAt) ?? new TimeOnly(16, 0);
            plan.Add(new PlannedReminder(DayBeforeKind, "day", Conference.ToInstant(conference.Date.AddDays(-1), at, conference.Zone), ReminderTarget.ConfirmedDelegates,
                $"🔔 **Nhắc lịch {conference.ShortName.Vi}**\n\nNgày mai, {conference.FormatDayOfWeekDate(Language.Vi)}, bắt đầu lúc **{start}** tại {conference.Venue.Vi}.\n\n"
                + "Xin Quý đại biểu xuất trình **thẻ dự hội nghị** dưới đây (mã QR hoặc mã thẻ) tại bàn đón tiếp và mang theo **tài liệu hội nghị**. Gõ **chương trình** để xem chương trình hội nghị."));
        }

        if (options.BeforeStart)
        {
            plan.Add(new PlannedReminder(BeforeStartKind, first.Id, conference.At(first.Start).AddMinutes(-options.BeforeStartMinutes), ReminderTarget.GroupChat,
                $"🔔 Còn {options.BeforeStartMinutes} phút nữa hội nghị bắt đầu ({start}, {conference.Venue.Vi}). Kính mời Quý đại biểu ổn định chỗ ngồi."));
        }

        var afterBreak = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var next = i + 1 < items.Count ? items[i + 1] : null;
            if (item.IsBreak && next is not null && options.BreakEnd)
            {
                afterBreak.Add(next.Id);
                plan.Add(new PlannedReminder(BreakEndKind, item.Id, conference.At(item.End), ReminderTarget.GroupChat,
                    $"🔔 Hết giờ giải lao. Kính mời Quý đại biểu trở lại hội trường.\n\nTiếp theo ({next.TimeRange}): **{next.Content.Vi}**"
                    + (next.Presenter is { } p ? $" — {p.Vi}" : "")));
            }

            if (item.IsDiscussion && options.BeforeDiscussion)
            {
                plan.Add(new PlannedReminder(BeforeDiscussionKind, item.Id, conference.At(item.Start).AddMinutes(-options.BeforeDiscussionMinutes), ReminderTarget.GroupChat,
                    $"💬 Phần thảo luận bắt đầu lúc {AgendaTime.Format(item.Start)}. Quý đại biểu gửi câu hỏi thảo luận ngay bây giờ: gõ câu hỏi trong trò chuyện riêng với bot."));
            }
        }

        if (options.Announcements)
        {
            // The break-end reminder already names the item after the break; a second message at the same minute is noise.
            foreach (var item in items.Where(a => a.Announce && !afterBreak.Contains(a.Id)))
            {
                plan.Add(new PlannedReminder(AnnounceKind, item.Id, conference.At(item.Start), ReminderTarget.GroupChat,
                    $"▶️ Bắt đầu ({item.TimeRange}): **{item.Content.Vi}**" + (item.Presenter is { } p ? $" — {p.Vi}" : "")));
            }
        }

        foreach (var c in custom)
        {
            plan.Add(new PlannedReminder(CustomKind, c.Id, conference.At(c.At), ReminderTarget.GroupChat, "🔔 " + c.Text));
        }

        return plan;
    }
}
