using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.CheckIn;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Outbox;

namespace KhConferenceBot.Features.Guests;

/// <summary>Whose page a link opens, or why it opens none.</summary>
public sealed record GuestPage(Conference? Conference, ConferenceDelegate? Delegate, int Status, BilingualText? RefusalTitle = null, BilingualText? Refusal = null)
{
    public bool Found => Conference is not null && Delegate is not null;
}

/// <summary>
/// The answer page's service: reads the link (the only identity a guest has), and hands answers and registrations to
/// the one implementation of the rules (<see cref="InvitationService.AnswerAsync"/>), then confirms by e-mail.
/// </summary>
public sealed partial class GuestAnswers(
    AnswerLinks links,
    ConferenceDirectory conferences,
    IDelegateStore delegates,
    IRsvpStore rsvps,
    InvitationService invitations,
    IOutbox outbox,
    GuestMails mails,
    PassService passes,
    ILogger<GuestAnswers> logger)
{
    public static string ConfirmationPurpose(string conferenceId) => OutboxPurposes.Of(conferenceId, "answer-confirmation");

    public async Task<GuestPage> OpenAsync(string? token, CancellationToken cancellationToken)
    {
        switch (links.Read(token, out var grant))
        {
            case AnswerLinkStatus.Forged:
                LogRefused(logger, "forged");
                return new GuestPage(null, null, StatusCodes.Status403Forbidden,
                    new BilingualText("Đường liên kết không hợp lệ", "This link is not valid"),
                    new BilingualText(
                        "Đường liên kết này không do Ban Tổ chức cấp hoặc đã bị sửa đổi, nên không mở được giấy mời. Vui lòng mở đúng đường liên kết trong email giấy mời, hoặc liên hệ Ban Tổ chức.",
                        "This link was not issued by the organizers or has been altered, so it opens no invitation. Please use the link in your invitation e-mail, or contact the organizers."));
            case AnswerLinkStatus.Expired:
                LogRefused(logger, "expired");
                return new GuestPage(null, null, StatusCodes.Status410Gone,
                    new BilingualText("Đường liên kết đã hết hạn", "This link has expired"),
                    new BilingualText(
                        "Hội nghị đã kết thúc nên đường liên kết trả lời giấy mời không còn hiệu lực. Xin liên hệ Ban Tổ chức nếu cần.",
                        "The conference is over, so this reply link no longer works. Please contact the organizers if needed."));
        }

        // The conference is the link's own: the delegate is looked up in it alone, so a link never opens another's invitation.
        var conference = await conferences.GetAsync(grant!.ConferenceId, cancellationToken).ConfigureAwait(false);
        var person = conference is not null && conference.Allows(ConferenceAction.Read)
            ? await delegates.GetAsync(conference.Id, grant.DelegateId, cancellationToken).ConfigureAwait(false)
            : null;
        if (conference is null || person is null)
        {
            LogRefused(logger, "unknown");
            return new GuestPage(null, null, StatusCodes.Status404NotFound,
                new BilingualText("Không tìm thấy giấy mời", "Invitation not found"),
                new BilingualText(
                    "Đường liên kết này thuộc một hội nghị khác hoặc Quý đại biểu không còn trong danh sách đại biểu. Xin liên hệ Ban Tổ chức.",
                    "This link belongs to another conference, or you are no longer on the delegate list. Please contact the organizers."));
        }

        return new GuestPage(conference, person, StatusCodes.Status200OK);
    }

    public Task<RsvpRecord?> AnswerOfAsync(Conference conference, ConferenceDelegate person, CancellationToken cancellationToken) =>
        rsvps.GetAsync(conference.Id, person.Id, cancellationToken);

    public async Task<IReadOnlyList<ConferenceDelegate>> LeadersOfAsync(Conference conference, ConferenceDelegate contact, CancellationToken cancellationToken) =>
        InvitationService.LeadersOf(contact, await delegates.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false));

    public bool IsOpen(Conference conference) => InvitationService.TakesAnswers(conference, invitations.Now);

    /// <summary>The form's fields, as the Teams card's inputs would carry them; the delegate is the link's, never the form's.</summary>
    public async Task<AnswerResult> SubmitAsync(Conference conference, ConferenceDelegate person, Func<string, string?> field, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(field);
        if (DistrictRegistration.IsContact(conference, person))
        {
            return await invitations.RegisterLeadersAsync(conference, person, field, cancellationToken).ConfigureAwait(false);
        }

        RsvpAnswer? answer = field("answer") switch
        {
            "attend" => RsvpAnswer.Attend,
            "decline" => RsvpAnswer.Decline,
            "substitute" => RsvpAnswer.Substitute,
            _ => null,
        };
        if (answer is null)
        {
            return AnswerResult.Refuse(new BilingualText("Vui lòng chọn một câu trả lời: tham dự, không tham dự hoặc cử người dự thay.", "Please choose a reply: attend, decline or send a substitute."), "noAnswer");
        }

        // Fields that do not belong to the answer are dropped, as the card sends only its own form's inputs.
        var request = answer switch
        {
            RsvpAnswer.Decline => new RsvpRequest(RsvpAnswer.Decline, Reason: field("reason")),
            RsvpAnswer.Substitute => new RsvpRequest(RsvpAnswer.Substitute, SubstituteName: field("substituteName"), SubstitutePosition: field("substitutePosition"), SubstituteEmail: field("substituteEmail")),
            _ => new RsvpRequest(RsvpAnswer.Attend),
        };
        var result = await invitations.AnswerAsync(conference, person, request, cancellationToken).ConfigureAwait(false);
        if (result.Status == AnswerStatus.Changed && await rsvps.GetAsync(conference.Id, person.Id, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            await ConfirmAsync(conference, person, stored, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>One confirmation per answer given (its time is in the key), so a changed answer is confirmed again.</summary>
    private async Task ConfirmAsync(Conference conference, ConferenceDelegate person, RsvpRecord rsvp, CancellationToken cancellationToken)
    {
        if (!mails.IsAvailable || string.IsNullOrWhiteSpace(person.Email))
        {
            return;
        }

        // Issued for the answer just given: a changed answer has already revoked the previous pass, and this is the new one.
        var pass = await passes.GetOrIssueAsync(conference, person.Id, cancellationToken).ConfigureAwait(false);
        var message = mails.Confirmation(conference, person, rsvp, pass, ConfirmationPurpose(conference.Id));
        await outbox.EnqueueAsync([message with { RecipientKey = $"{person.Id}@{rsvp.AnsweredAt.ToUnixTimeSeconds()}" }], cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answer page refused a {Kind} link")]
    private static partial void LogRefused(ILogger logger, string kind);
}
