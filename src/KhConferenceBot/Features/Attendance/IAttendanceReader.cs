using KhConferenceBot.Features.Delegates;

namespace KhConferenceBot.Features.Attendance;

/// <summary>What a delegate answered to the invitation.</summary>
public enum AttendanceAnswer
{
    /// <summary>No answer yet.</summary>
    Pending,

    /// <summary>Tham dự.</summary>
    Attending,

    /// <summary>Không tham dự.</summary>
    Declined,

    /// <summary>Cử người dự thay.</summary>
    Substitute,

    /// <summary>Đã đăng ký (leaders a district contact registered).</summary>
    Registered,
}

/// <summary>One delegate's answer as the attendance exports show it. Times are UTC; the export writes them in the conference's zone.</summary>
public sealed record AttendanceRow(
    AttendanceAnswer Answer,
    string? SubstituteName = null,
    string? SubstitutePosition = null,
    string? Reason = null,
    DateTimeOffset? AnsweredAt = null,
    string? DeliveryState = null);

/// <summary>
/// Read-only view of the invitation answers, so the exports and the confirmed-delegates query do not depend on how
/// they are stored.
/// </summary>
public interface IAttendanceReader
{
    /// <returns>Answers keyed by <see cref="ConferenceDelegate.Id"/>; delegates missing from it count as <see cref="AttendanceAnswer.Pending"/>.</returns>
    Task<IReadOnlyDictionary<string, AttendanceRow>> ReadAsync(string conferenceId, CancellationToken cancellationToken);
}
