using KhConferenceBot.Outbox;

namespace KhConferenceBot.Features.Delegates;

/// <summary>
/// The sender's last look before a delegate's message goes out: a delegate taken off the list (or deleted, like a leader
/// their district no longer registers) gets no invitation or reminder that was already waiting. One point read.
/// </summary>
internal sealed class RemovedDelegateCheck(IDelegateStore delegates) : IOutboxRecipientCheck
{
    public async Task<string?> CancelReasonAsync(string purpose, string delegateId, CancellationToken cancellationToken) =>
        OutboxPurposes.ConferenceOf(purpose) is { } conferenceId
        && await delegates.GetAsync(conferenceId, delegateId, cancellationToken).ConfigureAwait(false) is null
            ? OutboxFailureReasons.Removed
            : null;
}
