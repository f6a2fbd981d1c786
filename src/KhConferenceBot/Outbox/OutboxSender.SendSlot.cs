namespace KhConferenceBot.Outbox;

public sealed partial class OutboxSender
{
    /// <summary>One of the MaxConcurrency slots, given back once: when the send ends or when it outlives the request timeout.</summary>
    private sealed class SendSlot
    {
        private readonly OutboxSender _sender;
        private int _released;

        public SendSlot(OutboxSender sender)
        {
            _sender = sender;
            Interlocked.Increment(ref sender._slotsInUse);
        }

        public void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref _sender._slotsInUse);
                _sender.Wake(rescan: false);
            }
        }
    }
}
