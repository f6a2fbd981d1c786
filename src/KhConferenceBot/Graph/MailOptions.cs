using System.ComponentModel.DataAnnotations;

namespace KhConferenceBot.Graph;

/// <summary>
/// E-mail to delegates outside Teams: Microsoft Graph sendMail from the organizing office's shared mailbox, through the
/// bot's identity (application permission Mail.Send, restricted to that mailbox by an Exchange application access
/// policy: deploy/README.md). Graph's address is Graph:BaseUrl.
/// </summary>
public sealed class MailOptions
{
    public const string SectionName = "Mail";

    /// <summary>The shared mailbox the invitations come from ("hoinghi@sonoivu.khanhhoa.gov.vn"); empty turns e-mail off.</summary>
    [EmailAddress]
    public string? Mailbox { get; set; }

    /// <summary>Exchange Online sends at most 30 messages a minute from one mailbox; more are refused or delayed.</summary>
    [Range(1, 600)]
    public int MessagesPerMinute { get; set; } = 30;

    /// <summary>Graph serves at most 4 concurrent requests per mailbox and throttles the rest.</summary>
    [Range(1, 16)]
    public int MaxConcurrentRequests { get; set; } = 4;

    /// <summary>How long one sendMail call may take before it counts as unanswered (and is tried again).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
