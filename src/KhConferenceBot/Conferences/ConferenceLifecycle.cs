using KhConferenceBot.Common;

namespace KhConferenceBot.Conferences;

/// <summary>Where a conference is in its life. Stored with the conference; only moves forward (see <see cref="ConferenceLifecycle"/>).</summary>
public enum ConferenceState
{
    /// <summary>Being prepared: plan and delegate list may change, nothing reaches delegates yet.</summary>
    Draft,

    /// <summary>Invitations go out and delegates answer.</summary>
    Open,

    /// <summary>The conference has taken place (or is taking place): no new invitations, the day's tools still work.</summary>
    Held,

    /// <summary>Finished: nothing changes any more; organizers still read and export.</summary>
    Closed,

    /// <summary>Kept for the record only; no longer listed as anyone's current conference.</summary>
    Archived,
}

/// <summary>What someone may ask of a conference; <see cref="ConferenceLifecycle.Allows"/> says in which states.</summary>
public enum ConferenceAction
{
    /// <summary>Change the plan itself: title, venue, date, groups (planning).</summary>
    EditPlan,

    /// <summary>Import or change the delegate list.</summary>
    EditDelegates,

    /// <summary>Send invitations and summonses.</summary>
    SendInvitations,

    /// <summary>Remind delegates who have not answered.</summary>
    RemindNonResponders,

    /// <summary>A delegate attends, declines, names a substitute or registers leaders.</summary>
    Answer,

    /// <summary>Move, re-assign or cancel an agenda item after invitations went out.</summary>
    ChangeSchedule,

    /// <summary>Bind a group chat, post the agenda, fire reminders.</summary>
    RunGroupChat,

    /// <summary>Submit, edit, vote on and moderate discussion questions.</summary>
    Questions,

    /// <summary>Check delegates in at the door.</summary>
    CheckIn,

    /// <summary>Read the status and download exports.</summary>
    Read,
}

/// <summary>
/// The one place that says what each state allows (issue 12): no invitations from a draft, no answers after close,
/// nothing but reading once closed. Every feature asks here rather than comparing states itself.
/// </summary>
public static class ConferenceLifecycle
{
    /// <summary>True while the conference is someone's current conference: listed, chosen, and served by background loops.</summary>
    public static bool IsActive(ConferenceState state) => state is ConferenceState.Draft or ConferenceState.Open or ConferenceState.Held;

    public static bool Allows(ConferenceState state, ConferenceAction action) => action switch
    {
        ConferenceAction.EditPlan or ConferenceAction.EditDelegates => state is ConferenceState.Draft or ConferenceState.Open,
        ConferenceAction.SendInvitations or ConferenceAction.RemindNonResponders => state is ConferenceState.Open,
        ConferenceAction.Answer or ConferenceAction.ChangeSchedule or ConferenceAction.RunGroupChat
            or ConferenceAction.Questions or ConferenceAction.CheckIn => state is ConferenceState.Open or ConferenceState.Held,
        ConferenceAction.Read => state is not ConferenceState.Archived,
        _ => false,
    };

    public static bool Allows(this Conference conference, ConferenceAction action)
    {
        ArgumentNullException.ThrowIfNull(conference);
        return Allows(conference.State, action);
    }

    /// <summary>States only move forward: draft → open → held → closed → archived; a conference may close without being held.</summary>
    public static bool CanMove(ConferenceState from, ConferenceState to) => (from, to) switch
    {
        (ConferenceState.Draft, ConferenceState.Open) => true,
        (ConferenceState.Open, ConferenceState.Held or ConferenceState.Closed) => true,
        (ConferenceState.Held, ConferenceState.Closed) => true,
        (ConferenceState.Closed, ConferenceState.Archived) => true,
        _ => false,
    };

    /// <summary>The state as people read it, Vietnamese first.</summary>
    public static BilingualText Name(ConferenceState state) => state switch
    {
        ConferenceState.Draft => new("Đang soạn thảo", "Draft"),
        ConferenceState.Open => new("Đang mở", "Open"),
        ConferenceState.Held => new("Đã diễn ra", "Held"),
        ConferenceState.Closed => new("Đã kết thúc", "Closed"),
        _ => new("Đã lưu trữ", "Archived"),
    };

    /// <summary>Why <paramref name="action"/> is refused in <paramref name="state"/>, for the person who asked.</summary>
    public static BilingualText Refusal(ConferenceState state, ConferenceAction action) => (state, action) switch
    {
        (ConferenceState.Draft, ConferenceAction.SendInvitations or ConferenceAction.RemindNonResponders) => new(
            "Hội nghị đang ở trạng thái soạn thảo: chưa gửi được giấy mời. Hãy mở hội nghị trước.",
            "The conference is still a draft: invitations cannot be sent yet. Open the conference first."),
        (ConferenceState.Draft, _) => new(
            "Hội nghị đang ở trạng thái soạn thảo, chưa dùng được chức năng này.",
            "The conference is still a draft; this is not available yet."),
        (ConferenceState.Held, ConferenceAction.SendInvitations or ConferenceAction.RemindNonResponders) => new(
            "Hội nghị đã diễn ra: không gửi giấy mời hay lời nhắc nữa.",
            "The conference has taken place: no more invitations or reminders."),
        (ConferenceState.Closed or ConferenceState.Archived, ConferenceAction.Answer) => new(
            "Hội nghị đã kết thúc, không nhận phản hồi nữa.",
            "The conference is closed; answers are no longer taken."),
        (ConferenceState.Closed, _) => new(
            "Hội nghị đã kết thúc: chỉ còn xem và tải dữ liệu.",
            "The conference is closed: it can only be read and exported."),
        (ConferenceState.Archived, _) => new(
            "Hội nghị đã được lưu trữ.",
            "The conference is archived."),
        _ => new("Trạng thái hiện tại của hội nghị không cho phép thao tác này.", "The conference's current state does not allow this."),
    };
}
