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
/// Read-only view of the invitation answers, owned by the delegate registry so the exports do not depend on how the
/// Attendance feature stores them. The Attendance feature replaces the default registration
/// (<c>services.Replace(ServiceDescriptor.Singleton&lt;IAttendanceReader, ...&gt;())</c>).
/// </summary>
public interface IAttendanceReader
{
    /// <returns>Answers keyed by <see cref="ConferenceDelegate.Id"/>; delegates missing from it count as <see cref="AttendanceAnswer.Pending"/>.</returns>
    Task<IReadOnlyDictionary<string, AttendanceRow>> ReadAsync(string conferenceId, CancellationToken cancellationToken);
}

/// <summary>Before the Attendance feature is registered: nobody has answered, so every delegate exports as pending.</summary>
internal sealed class NoAttendanceReader : IAttendanceReader
{
    private static readonly IReadOnlyDictionary<string, AttendanceRow> Empty = new Dictionary<string, AttendanceRow>();

    public Task<IReadOnlyDictionary<string, AttendanceRow>> ReadAsync(string conferenceId, CancellationToken cancellationToken) => Task.FromResult(Empty);
}
