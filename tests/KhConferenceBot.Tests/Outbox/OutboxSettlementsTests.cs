using System.Net.Sockets;
using KhConferenceBot.Outbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace KhConferenceBot.Tests.Outbox;

public sealed class OutboxSettlementsTests
{
    private static readonly OutboxRow Row = new() { PartitionKey = "invitation", RowKey = "r001", Purpose = "invitation", RecipientKey = "r001" };

    [Fact]
    public async Task WriteAsync_RawSocketError_KeptToWriteAgain()
    {
        // Seen after a connection reset: the SDK let a bare SocketException through, the row's "sent" escaped and the
        // row went out a second time after its lease.
        var settlements = new OutboxSettlements(NullLogger.Instance);

        var written = await settlements.WriteAsync(Row, "sent", _ => throw new SocketException((int)SocketError.NotConnected));

        Assert.False(written);
        Assert.True(settlements.Contains(Row.Key));
    }

    [Fact]
    public async Task RetryAsync_StorageBack_WritesAndForgets()
    {
        var settlements = new OutboxSettlements(NullLogger.Instance);
        var attempts = 0;
        await settlements.WriteAsync(Row, "sent", _ => ++attempts == 1 ? throw new IOException("reset") : Task.CompletedTask);

        var left = await settlements.RetryAsync();

        Assert.Equal(0, left);
        Assert.Equal(2, attempts);
        Assert.False(settlements.Contains(Row.Key));
    }

    [Fact]
    public async Task RetryAsync_StillFailingWithAnyError_KeepsTheWrite()
    {
        var settlements = new OutboxSettlements(NullLogger.Instance);
        await settlements.WriteAsync(Row, "sent", _ => throw new SocketException((int)SocketError.ConnectionReset));

        var left = await settlements.RetryAsync();

        Assert.Equal(1, left);
        Assert.True(settlements.Contains(Row.Key));
    }
}
