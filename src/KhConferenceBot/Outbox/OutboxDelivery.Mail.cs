namespace KhConferenceBot.Outbox;

/// <summary>
/// The e-mail channel: a row holds the composed mail; the mail sender says sent, try again (throttled or no answer,
/// after its Retry-After), busy (the mailbox's own rate, not an attempt) or refused (a bad address: failed, with why).
/// </summary>
internal sealed partial class OutboxDelivery
{
    private async Task<Outcome> SendMailAsync(OutboxRow row, CancellationToken abort)
    {
        if (!mail.IsConfigured)
        {
            return Outcome.Fail(OutboxFailureReasons.MailNotConfigured, OutboxFailureReasons.For(OutboxFailureReasons.MailNotConfigured));
        }

        if (OutboxMail.FromBytes(row.MailBytes) is not { } message)
        {
            return Outcome.Fail(OutboxFailureReasons.InvalidMail, OutboxFailureReasons.For(OutboxFailureReasons.InvalidMail));
        }

        // Like a Teams send, only the host's stop deadline interrupts a mail that has started.
        var result = await mail.SendAsync(message, abort).ConfigureAwait(false);
        return result.Status switch
        {
            MailSendStatus.Sent => Outcome.Sent(null),
            MailSendStatus.Busy => Outcome.ReleaseAt(time.GetUtcNow() + (result.RetryAfter ?? TimeSpan.FromSeconds(1))),
            MailSendStatus.Transient => Outcome.Retry(
                result.Code ?? OutboxFailureReasons.MailServiceError,
                result.RetryAfter,
                result.Reason ?? OutboxFailureReasons.For(result.Code ?? OutboxFailureReasons.MailServiceError)),
            _ => Outcome.Fail(result.Code ?? OutboxFailureReasons.MailRefused, result.Reason ?? OutboxFailureReasons.For(result.Code ?? OutboxFailureReasons.MailRefused)),
        };
    }
}
