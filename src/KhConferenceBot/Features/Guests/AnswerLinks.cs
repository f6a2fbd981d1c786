using KhConferenceBot.Api;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Features.Guests;

public enum AnswerLinkStatus
{
    Valid,

    /// <summary>Not signed by this deployment, cut, or altered: forged.</summary>
    Forged,

    Expired,
}

/// <summary>Who a valid link speaks for: one delegate of one conference. Nothing else in the request can change it.</summary>
public sealed record AnswerLinkGrant(string ConferenceId, string DelegateId);

/// <summary>
/// The personal answer link of a delegate invited by e-mail: no login, the link is the permission. A sealed token
/// (<see cref="LinkSigner.Seal"/>: encrypted and authenticated under the one link key) over the conference, the delegate
/// and an expiry a week after the conference, so a link forwarded or guessed at cannot answer for anyone else, an old one
/// stops working, and the delegate's id (their e-mail address) cannot be read from the URL.
/// </summary>
public sealed class AnswerLinks(LinkSigner signer, IOptions<ConferenceOptions> conferenceOptions, IOptions<GuestsOptions> options)
{
    public const string Purpose = "answer";
    public const string RoutePrefix = "thu-moi/";

    public Uri For(Conference conference, ConferenceDelegate person)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(person);
        var token = signer.Seal(Purpose, person.Id, conference.Id, conference.EndsAt + options.Value.LinkValidAfterConference);
        return new Uri(conferenceOptions.Value.PublicBaseUri(), RoutePrefix + token);
    }

    public AnswerLinkStatus Read(string? token, out AnswerLinkGrant? grant)
    {
        grant = null;
        // Links mailed before links were sealed (signed only, "payload.signature", the address readable in the payload)
        // still open until their own expiry, a week after the conference: they sit in delegates' mailboxes already, so
        // refusing them would hide nothing and would leave delegates without a way to answer before the deadline.
        var status = token?.Contains('.', StringComparison.Ordinal) == true
            ? signer.Validate(token, out var signed)
            : signer.Unseal(Purpose, token, out signed);
        if (signed is null || status == SignedLinkStatus.Invalid || signed.Purpose != Purpose)
        {
            return AnswerLinkStatus.Forged;
        }

        grant = new AnswerLinkGrant(signed.ConferenceId, signed.Format);
        return status == SignedLinkStatus.Expired ? AnswerLinkStatus.Expired : AnswerLinkStatus.Valid;
    }
}
