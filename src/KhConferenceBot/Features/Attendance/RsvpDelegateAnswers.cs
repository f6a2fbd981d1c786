using KhConferenceBot.Common;
using KhConferenceBot.Features.Delegates;

namespace KhConferenceBot.Features.Attendance;

/// <summary>A delegate's answer from the RSVP ledger, in the words of the attendance list, for the removal's question.</summary>
internal sealed class RsvpDelegateAnswers(IRsvpStore rsvps) : IDelegateAnswers
{
    public async Task<BilingualText?> AnswerOfAsync(string conferenceId, string delegateId, CancellationToken cancellationToken)
    {
        var record = await rsvps.GetAsync(conferenceId, delegateId, cancellationToken).ConfigureAwait(false);
        return record?.Answer switch
        {
            null => null,
            RsvpAnswer.Attend => new("Tham dự", "attending"),
            RsvpAnswer.Decline => new(Detailed("Không tham dự", record.Reason), Detailed("declined", record.Reason)),
            _ => new(Detailed("Cử người dự thay", record.SubstituteName), Detailed("sends a substitute", record.SubstituteName)),
        };
    }

    private static string Detailed(string answer, string? detail) => string.IsNullOrWhiteSpace(detail) ? answer : $"{answer}: {detail}";
}
