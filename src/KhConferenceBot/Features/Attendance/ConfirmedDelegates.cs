using KhConferenceBot.Features.Delegates;

namespace KhConferenceBot.Features.Attendance;

/// <summary>The Entra object ids of the delegates who will attend.</summary>
public interface IConfirmedDelegates
{
    Task<IReadOnlyList<string>> GetAadObjectIdsAsync(string conferenceId, CancellationToken cancellationToken);
}

/// <summary>
/// Who will be in the hall, for the group chat, the day-before reminder and schedule-change notices: delegates who
/// confirmed, leaders their district registered, and the named substitutes of those who send one (when the substitute
/// is on the list with a Teams account).
/// </summary>
internal sealed class ConfirmedDelegates(IAttendanceReader attendance, IDelegateStore delegates) : IConfirmedDelegates
{
    public async Task<IReadOnlyList<string>> GetAadObjectIdsAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var answers = await attendance.ReadAsync(conferenceId, cancellationToken).ConfigureAwait(false);
        var everyone = await delegates.ListAsync(conferenceId, cancellationToken).ConfigureAwait(false);

        bool Answered(string id, params AttendanceAnswer[] wanted) => answers.TryGetValue(id, out var row) && wanted.Contains(row.Answer);

        return everyone
            .Where(d => d.AadObjectId is not null
                && (Answered(d.Id, AttendanceAnswer.Attending, AttendanceAnswer.Registered)
                    || (d.SubstituteForId is { } original && Answered(original, AttendanceAnswer.Substitute))))
            .Select(d => d.AadObjectId!)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}
