using System.IO.Compression;
using System.Text.Json;

namespace KhConferenceBot.Outbox;

/// <summary>How an outbox row reaches its recipient. One ledger: a (purpose, recipient) row exists once, whatever its channel.</summary>
public enum OutboxChannel
{
    Teams,
    Email,
}

/// <summary>
/// A file sent with an e-mail (the invitation's .ics). With a <see cref="ContentId"/> it is an inline image the HTML
/// shows through <c>cid:</c> (the pass's QR), not a file to open.
/// </summary>
public sealed record MailAttachment(string Name, string ContentType, byte[] Content, string? ContentId = null);

/// <summary>One e-mail to one person, composed when it is queued, so what was sent is what the row holds.</summary>
public sealed record OutboxMail(string To, string? ToName, string Subject, string Html, IReadOnlyList<MailAttachment> Attachments)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Gzipped JSON: an official-form HTML mail with its calendar file fits a 64 KiB table property this way.</summary>
    internal byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            JsonSerializer.Serialize(zip, this, Json);
        }

        return buffer.ToArray();
    }

    internal static OutboxMail? FromBytes(byte[]? bytes)
    {
        if (bytes is not { Length: > 0 })
        {
            return null;
        }

        try
        {
            using var zip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            return JsonSerializer.Deserialize<OutboxMail>(zip, Json);
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException)
        {
            return null;
        }
    }
}

/// <summary>What the mail service said about one message.</summary>
public enum MailSendStatus
{
    /// <summary>Accepted for delivery.</summary>
    Sent,

    /// <summary>Not accepted now (throttled, service trouble, no answer): try again, after <see cref="MailSendResult.RetryAfter"/> when given.</summary>
    Transient,

    /// <summary>The mailbox's own limits are used up for now; nothing was sent, so it is not an attempt.</summary>
    Busy,

    /// <summary>Refused for good (a bad address, no permission on the mailbox): the row fails with the reason.</summary>
    Refused,
}

public sealed record MailSendResult(MailSendStatus Status, string? Code = null, string? Reason = null, TimeSpan? RetryAfter = null)
{
    public static readonly MailSendResult Sent = new(MailSendStatus.Sent);

    public static MailSendResult BusyFor(TimeSpan wait) => new(MailSendStatus.Busy, RetryAfter: wait);
}

/// <summary>Sends one e-mail from the organizing office's mailbox (Microsoft Graph sendMail; a local sink in scripts/run).</summary>
public interface IMailSender
{
    /// <summary>False when no mailbox is configured: e-mail rows then fail with a reason instead of waiting forever.</summary>
    bool IsConfigured { get; }

    Task<MailSendResult> SendAsync(OutboxMail mail, CancellationToken cancellationToken);
}
