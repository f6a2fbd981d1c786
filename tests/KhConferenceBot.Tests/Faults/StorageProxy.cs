using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using KhConferenceBot.Testing;

namespace KhConferenceBot.Tests.Faults;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of Azurite's table port that a test can cut: while cut, every open connection is
/// reset and every new one is reset as soon as it is accepted, as when storage refuses connections. (Stopping Azurite
/// instead loses writes it had acknowledged, so it cannot stand in for an outage.)
/// </summary>
internal sealed partial class StorageProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, (Socket Client, Socket Upstream)> _links = new();
    private readonly Task _accepting;
    private volatile bool _cut;
    private int _nextLink;

    private StorageProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The fixture's connection string with tables reached through this proxy.</summary>
    public string ConnectionString { get; private set; } = "";

    public static StorageProxy InFrontOf(AzuriteFixture storage)
    {
        var table = TableEndpoint().Match(storage.ConnectionString);
        Assert.True(table.Success, "the test storage connection string names no TableEndpoint port");
        var proxy = new StorageProxy(int.Parse(table.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
        proxy.ConnectionString = TableEndpoint().Replace(storage.ConnectionString, m => m.Value.Replace(":" + m.Groups["port"].Value, ":" + proxy.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        return proxy;
    }

    /// <summary>Storage goes away: open connections are reset, new ones refused.</summary>
    public void Cut()
    {
        _cut = true;
        foreach (var (id, link) in _links)
        {
            Reset(link.Client);
            Reset(link.Upstream);
            _links.TryRemove(id, out _);
        }
    }

    public void Restore() => _cut = false;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            if (_cut)
            {
                Reset(client);
                continue;
            }

            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            }
            catch (SocketException)
            {
                Reset(client);
                upstream.Dispose();
                continue;
            }

            var id = Interlocked.Increment(ref _nextLink);
            _links[id] = (client, upstream);
            _ = PumpAsync(id, client, upstream);
            _ = PumpAsync(id, upstream, client);
        }
    }

    private async Task PumpAsync(int id, Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0 || _cut)
                {
                    break;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }

        if (_links.TryRemove(id, out var link))
        {
            Reset(link.Client);
            Reset(link.Upstream);
        }
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    [GeneratedRegex(@"TableEndpoint=http://127\.0\.0\.1:(?<port>\d+)/")]
    private static partial Regex TableEndpoint();
}
