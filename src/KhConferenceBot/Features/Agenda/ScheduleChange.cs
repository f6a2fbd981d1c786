using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Conferences.Plans;

namespace KhConferenceBot.Features.Agenda;

/// <summary>What an organizer asked to change on one agenda item. Times are as typed ("08h15", "08:15").</summary>
public sealed record ScheduleChangeRequest(
    string? ItemId,
    string? NewStart,
    string? NewEnd,
    string? NewPresenter,
    bool Cancel,
    bool ShiftFollowing,
    string? Reason);

/// <summary>
/// What an organizer changes: one item as the chat's form asks it (<see cref="OfItem"/>), or the agenda, day and venue
/// as a whole plan gives them (<see cref="OfPlan"/>: the form edit, the workspace Agenda page).
/// </summary>
public abstract record ScheduleChange
{
    private ScheduleChange()
    {
    }

    public abstract string? Reason { get; }

    public static ScheduleChange OfItem(ScheduleChangeRequest request) => new Item(request ?? throw new ArgumentNullException(nameof(request)));

    public static ScheduleChange OfPlan(ConferenceForm form, string? reason = null) => new Plan(form ?? throw new ArgumentNullException(nameof(form)), reason);

    internal sealed record Item(ScheduleChangeRequest Request) : ScheduleChange
    {
        public override string? Reason => Request.Reason;
    }

    internal sealed record Plan(ConferenceForm Form, string? PlanReason) : ScheduleChange
    {
        public override string? Reason => PlanReason;
    }
}

/// <summary>The outcome: the conference as it would be, the rows that moved, or a refusal in both languages.</summary>
public sealed record ScheduleChangeResult(
    Conference? Updated,
    IReadOnlyList<ChangedRow> Changes,
    string? RefusalVi,
    string? RefusalEn)
{
    public bool IsRefused => RefusalVi is not null;

    public string Refusal(Language language) => language.Pick(RefusalVi ?? "", RefusalEn ?? "");

    internal static ScheduleChangeResult Refuse(string vi, string en) => new(null, [], vi, en);
}

/// <summary>
/// Another feature's copies of the agenda that must follow a confirmed change (the invitation cards delegates hold).
/// Called when the change is confirmed and again on every live tick with the saved <see cref="Conference.LastChangeId"/>,
/// so a change saved just before a crash is still followed: implementations enqueue idempotently per change id,
/// answer cheaply once they have followed it, and return how many messages they added.
/// </summary>
public interface IScheduleChangeFollower
{
    Task<int> FollowAsync(Conference updated, string changeId, CancellationToken cancellationToken);
}

/// <summary>Applies a schedule change to a copy of the conference, refusing anything that would leave the day inconsistent.</summary>
public static class ScheduleChanger
{
    public const int MaxPresenterLength = 200;

    public static ScheduleChangeResult Apply(Conference conference, ScheduleChangeRequest request, TimeOnly dayStart, TimeOnly dayEnd)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(request);
        var copy = Clone(conference);
        var ordered = copy.Agenda.OrderBy(a => a.Start).ToList();
        var item = ordered.FirstOrDefault(a => string.Equals(a.Id, request.ItemId, StringComparison.Ordinal));
        if (item is null)
        {
            return ScheduleChangeResult.Refuse("Không tìm thấy mục này trong chương trình. Hãy chọn lại mục cần thay đổi.", "That item is not on the agenda. Choose the item again.");
        }

        var presenter = request.NewPresenter?.Trim();
        if (presenter is { Length: > MaxPresenterLength })
        {
            return ScheduleChangeResult.Refuse($"Tên người trình bày quá dài (tối đa {MaxPresenterLength} ký tự).", $"The presenter's name is too long (at most {MaxPresenterLength} characters).");
        }

        var changes = new List<ChangedRow>();
        if (request.Cancel)
        {
            if (item.Cancelled)
            {
                return ScheduleChangeResult.Refuse("Mục này đã bị hủy từ trước.", "This item is already cancelled.");
            }

            changes.Add(new ChangedRow(item.Id, item.TimeRange, WasCancelled: false));
            item.Cancelled = true;
            copy.Revision++;
            return new ScheduleChangeResult(copy, changes, null, null);
        }

        TimeOnly? start = null;
        TimeOnly? end = null;
        if (!string.IsNullOrWhiteSpace(request.NewStart))
        {
            start = AgendaTime.TryParse(request.NewStart);
            if (start is null)
            {
                return ScheduleChangeResult.Refuse("Giờ bắt đầu không hợp lệ. Hãy nhập dạng 08h15 hoặc 08:15.", "The start time is not valid. Type it like 08:15.");
            }
        }

        if (!string.IsNullOrWhiteSpace(request.NewEnd))
        {
            end = AgendaTime.TryParse(request.NewEnd);
            if (end is null)
            {
                return ScheduleChangeResult.Refuse("Giờ kết thúc không hợp lệ. Hãy nhập dạng 08h15 hoặc 08:15.", "The end time is not valid. Type it like 08:15.");
            }
        }

        // Minutes since midnight, so a move past 24h is caught instead of wrapping round like TimeOnly does.
        var oldStart = Minutes(item.Start);
        var oldEnd = Minutes(item.End);
        var newStart = start is { } s ? Minutes(s) : oldStart;
        var newEnd = end is { } e ? Minutes(e) : start is not null ? newStart + (oldEnd - oldStart) : oldEnd;
        var presenterChanged = !string.IsNullOrEmpty(presenter) && presenter != item.Presenter?.Vi;
        var restore = item.Cancelled;
        if (newStart == oldStart && newEnd == oldEnd && !presenterChanged && !restore)
        {
            return ScheduleChangeResult.Refuse("Không có gì thay đổi: hãy nhập giờ mới, người trình bày mới hoặc chọn hủy mục.", "Nothing changes: enter a new time or presenter, or cancel the item.");
        }

        if (newEnd <= newStart)
        {
            return ScheduleChangeResult.Refuse(
                $"Giờ kết thúc ({Format(newEnd)}) phải sau giờ bắt đầu ({Format(newStart)}).",
                $"The end ({Format(newEnd)}) must be after the start ({Format(newStart)}).");
        }

        var first = Minutes(dayStart);
        var last = Minutes(dayEnd);
        var delta = newEnd - oldEnd;
        var index = ordered.IndexOf(item);
        var following = request.ShiftFollowing ? ordered.Skip(index + 1).ToList() : [];
        var lastEnd = following.Count > 0 && delta != 0 ? Math.Max(newEnd, following.Max(f => Minutes(f.End)) + delta) : newEnd;
        var firstStart = following.Count > 0 && delta != 0 ? Math.Min(newStart, following.Min(f => Minutes(f.Start)) + delta) : newStart;
        if (firstStart < first || lastEnd > last)
        {
            return ScheduleChangeResult.Refuse(
                $"Thời gian phải nằm trong ngày họp, từ {AgendaTime.Format(dayStart)} đến {AgendaTime.Format(dayEnd)} (không qua nửa đêm).",
                $"Times must stay within the day, {AgendaTime.Format(dayStart)} to {AgendaTime.Format(dayEnd)} (not past midnight).");
        }

        var previous = ordered.Take(index).LastOrDefault(a => !a.Cancelled);
        if (previous is not null && newStart < Minutes(previous.End))
        {
            return ScheduleChangeResult.Refuse(
                $"Giờ mới trùng với mục trước: “{previous.Content.Vi}” ({previous.TimeRange}).",
                $"The new time overlaps the item before: “{previous.Content.En}” ({previous.TimeRange}).");
        }

        if (!request.ShiftFollowing)
        {
            var next = ordered.Skip(index + 1).FirstOrDefault(a => !a.Cancelled);
            if (next is not null && newEnd > Minutes(next.Start))
            {
                return ScheduleChangeResult.Refuse(
                    $"Giờ mới trùng với mục sau: “{next.Content.Vi}” ({next.TimeRange}). Chọn “lùi các mục sau” hoặc đổi giờ mục đó trước.",
                    $"The new time overlaps the next item: “{next.Content.En}” ({next.TimeRange}). Choose “shift the following items” or move that item first.");
            }
        }

        if (newStart != oldStart || newEnd != oldEnd || presenterChanged || restore)
        {
            changes.Add(new ChangedRow(item.Id, item.TimeRange, WasCancelled: item.Cancelled));
            item.Start = FromMinutes(newStart);
            item.End = FromMinutes(newEnd);
            item.Cancelled = false;
            if (presenterChanged)
            {
                item.Presenter = new BilingualText(presenter!, presenter!);
            }
        }

        if (delta != 0)
        {
            foreach (var f in following)
            {
                changes.Add(new ChangedRow(f.Id, f.TimeRange, f.Cancelled));
                f.Start = FromMinutes(Minutes(f.Start) + delta);
                f.End = FromMinutes(Minutes(f.End) + delta);
            }
        }

        copy.Revision++;
        return new ScheduleChangeResult(copy, changes, null, null);
    }

    /// <summary>
    /// Names a confirmed change by the stored version it replaced: unique across restarts (unlike the revision, which a
    /// re-loaded plan starts again), so outbox purposes built from it never meet an older change's rows.
    /// </summary>
    public static string ChangeId(string etagBefore) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(etagBefore)), 0, 8).ToLowerInvariant();

    public static Conference Clone(Conference conference) =>
        JsonSerializer.Deserialize<Conference>(JsonSerializer.Serialize(conference, ConferenceJson.Options), ConferenceJson.Options)!;

    private static int Minutes(TimeOnly t) => (t.Hour * 60) + t.Minute;

    private static TimeOnly FromMinutes(int minutes) => new(minutes / 60, minutes % 60);

    private static string Format(int minutes) => minutes is >= 0 and < 24 * 60 ? AgendaTime.Format(FromMinutes(minutes)) : $"{minutes / 60:00}h{minutes % 60:00}";
}
