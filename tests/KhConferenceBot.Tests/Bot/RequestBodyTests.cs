using System.Net;
using System.Net.Sockets;
using System.Text;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace KhConferenceBot.Tests.Bot;

/// <summary>
/// A request body that trickles in slower than Kestrel's minimum rate, on real sockets. Kestrel's rate check runs on its
/// own heartbeat; the test only waits for the server's answer, it asserts no time.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class RequestBodyTests(AzuriteFixture storage) : IAsyncLifetime
{
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage, kestrel: options =>
        options.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(2)));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task PostMessages_BodySlowerThanTheMinimumRate_408ProblemInVietnameseNot500()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _host.KestrelAddress.Port);
        var stream = client.GetStream();
        var request = "POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n{\"type\":\"mess";

        // Then nothing more: the connection stays open, the body never completes.
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var statusLine = await reader.ReadLineAsync();
        var rest = await ReadHeadersAndSomeBodyAsync(reader);

        Assert.Equal("HTTP/1.1 408 Request Timeout", statusLine);
        Assert.Contains("application/problem+json", rest, StringComparison.Ordinal);
        Assert.Contains("Nội dung yêu cầu gửi đến quá chậm", rest, StringComparison.Ordinal);
    }

    private static async Task<string> ReadHeadersAndSomeBodyAsync(StreamReader reader)
    {
        var text = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.ToString().Contains("\"status\":408", StringComparison.Ordinal))
            {
                break;
            }
        }

        return text.ToString();
    }
}
