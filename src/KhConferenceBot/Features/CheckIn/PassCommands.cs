using KhConferenceBot.Bot;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Invoke;

namespace KhConferenceBot.Features.CheckIn;

/// <summary>
/// Hands a person their pass in the conversation of the current turn: the "thẻ dự hội nghị" command and the
/// confirmation after "Tham dự" both come here.
/// </summary>
public sealed partial class PassDelivery(PassService passes, CheckInStore store, ILogger<PassDelivery> logger)
{
    /// <summary>Sends the pass card; false when the person has no pass (not confirmed). A failed send is logged, not thrown: the answer it follows is already saved, and the pass is there on request.</summary>
    public async Task<bool> SendAsync(TurnContext turn, string delegateId)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var conference = turn.Conference;
        var pass = await passes.GetOrIssueAsync(conference, delegateId, turn.CancellationToken).ConfigureAwait(false);
        if (pass is null)
        {
            return false;
        }

        var checkedIn = await store.GetCheckInAsync(conference.Id, pass.Holder.Person.Id, turn.CancellationToken).ConfigureAwait(false);
        try
        {
            await turn.SendCardAsync(PassCard.Build(conference, pass, checkedIn, turn.Language).ToJsonElement(), turn.T("Thẻ dự hội nghị", "Conference pass")).ConfigureAwait(false);
        }
        catch (ConnectorException ex)
        {
            LogSendFailed(logger, ex, delegateId);
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The pass of {DelegateId} could not be sent in the turn; it stays available on request")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string delegateId);
}

/// <summary>"thẻ dự hội nghị" / "my pass": the delegate's own pass, always in their personal chat (the QR is theirs alone).</summary>
internal sealed class PassCommand(IDelegateStore delegates, PassDelivery delivery) : IBotCommand
{
    public CommandDescriptor Descriptor { get; } = new(
        "pass", ["thẻ dự hội nghị", "thẻ dự họp", "thẻ của tôi"], ["my pass", "pass"], CommandScope.Any, OrganizerOnly: false,
        "Thẻ dự hội nghị (mã QR để điểm danh)", "Your conference pass (QR code to check in)")
    {
        AnswersPrivately = true,
    };

    public async Task ExecuteAsync(TurnContext turn, string argument)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var person = turn.UserAadObjectId is { } aad ? await delegates.FindByAadObjectIdAsync(turn.Conference.Id, aad, turn.CancellationToken).ConfigureAwait(false) : null;
        if (person is null || !await delivery.SendAsync(turn, person.Id).ConfigureAwait(false))
        {
            await turn.SendTextAsync(turn.T(
                "Quý vị chưa có thẻ dự hội nghị: thẻ được cấp khi Quý vị xác nhận tham dự (hoặc được cử dự thay). Nếu đã xác nhận mà vẫn thấy thông báo này, xin liên hệ Ban Tổ chức.",
                "You have no pass yet: it is issued once you confirm attendance (or are named as a substitute). If you have confirmed, please contact the organizers.")).ConfigureAwait(false);
        }
    }
}

/// <summary>The pass card's "Tự điểm danh" button: the clicker is who Teams says, the card only names the conference.</summary>
internal sealed partial class SelfCheckInAction(CheckInService checkIns, PassService passes, ILogger<SelfCheckInAction> logger) : ICardActionHandler
{
    public string VerbPrefix => "checkin.";

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardAction action)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(action);
        if (action.Verb != PassCard.SelfCheckInVerb)
        {
            return CardActionResult.Refuse(turn.T("Thao tác không hợp lệ.", "That action is not valid."));
        }

        var conference = turn.Conference;
        if (!string.Equals(action.GetString("conferenceId"), conference.Id, StringComparison.Ordinal))
        {
            LogForged(logger, turn.UserKey);
            return CardActionResult.Refuse(turn.T("Thẻ này không thuộc hội nghị hiện tại.", "This pass is not for the current conference."), "wrongConference", 403);
        }

        var outcome = await checkIns.SelfCheckInAsync(conference, turn.UserAadObjectId, action.GetString(PassCard.HallCodeInput), turn.CancellationToken).ConfigureAwait(false);
        if (outcome.Status == CheckInStatus.Refused)
        {
            return CardActionResult.Refuse(outcome.Message.Get(turn.Language), outcome.RefusalCode ?? "refused");
        }

        var pass = await passes.GetOrIssueAsync(conference, outcome.Record!.PersonId, turn.CancellationToken).ConfigureAwait(false);
        return pass is null
            ? CardActionResult.Say(outcome.Message.Get(turn.Language))
            : CardActionResult.ReplaceCard(PassCard.Build(conference, pass, outcome.Record, turn.Language).ToJsonElement());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a self check-in naming another conference (user {UserKey})")]
    private static partial void LogForged(ILogger logger, string userKey);
}
