using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace KhConferenceBot.Testing;

/// <summary>
/// A loopback TCP proxy a test can cut or freeze, as a storage outage does, without stopping the server behind it
/// (Azurite loses acknowledged writes when it is stopped). Cut: every open connection and every new one is reset.
/// Frozen: connections stay open but requests are swallowed and nothing comes back (storage hangs).
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly Task _accepting;
    private readonly TaskCompletionSource _frozenRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _frozenHeads = [];
    private readonly List<(string Marker, TaskCompletionSource Arrived)> _frozenWaiters = [];
    private volatile bool _cut;
    private volatile bool _frozen;

    private TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public static TcpProxy Start(int targetPort) => new(targetPort);

    /// <summary>Resets every open connection; new ones are reset as soon as they are accepted, until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        _cut = true;
        foreach (var socket in _open.Keys)
        {
            Reset(socket);
        }
    }

    /// <summary>Storage "hangs" from now on: what clients send is never forwarded and they never get an answer.</summary>
    public void Freeze() => _frozen = true;

    /// <summary>Completes when a client sends a request after <see cref="Freeze"/>.</summary>
    public Task FrozenRequestArrived => _frozenRequest.Task;

    /// <summary>
    /// Completes when a request whose first bytes contain <paramref name="marker"/> (e.g. part of its request line) is
    /// swallowed after <see cref="Freeze"/>. The bot's background loops also reach storage, so "a request arrived" does
    /// not say that the one a test waits for has.
    /// </summary>
    public Task FrozenRequestContaining(string marker)
    {
        lock (_frozenHeads)
        {
            if (_frozenHeads.Any(h => h.Contains(marker, StringComparison.Ordinal)))
            {
                return Task.CompletedTask;
            }

            var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _frozenWaiters.Add((marker, arrived));
            return arrived.Task;
        }
    }

    /// <summary>Ends a <see cref="Cut"/>: new connections are forwarded again.</summary>
    public void Restore() => _cut = false;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        foreach (var socket in _open.Keys)
        {
            Reset(socket);
        }

        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_cut)
            {
                Reset(client);
                continue;
            }

            _ = PipeAsync(client);
        }
    }

    private void Swallowed(string head)
    {
        lock (_frozenHeads)
        {
            _frozenHeads.Add(head);
            foreach (var waiter in _frozenWaiters.Where(w => head.Contains(w.Marker, StringComparison.Ordinal)).ToList())
            {
                waiter.Arrived.TrySetResult();
                _frozenWaiters.Remove(waiter);
            }
        }
    }

    private async Task PipeAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _open.TryAdd(client, 0);
        _open.TryAdd(upstream, 0);
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token).ConfigureAwait(false);
            await Task.WhenAny(CopyAsync(client, upstream, fromClient: true), CopyAsync(upstream, client, fromClient: false)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            _open.TryRemove(client, out _);
            _open.TryRemove(upstream, out _);
            Reset(client);
            Reset(upstream);
        }
    }

    private async Task CopyAsync(Socket from, Socket to, bool fromClient)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (read == 0 || _cut)
                {
                    return;
                }

                if (_frozen && fromClient)
                {
                    Swallowed(System.Text.Encoding.Latin1.GetString(buffer, 0, read));
                    _frozenRequest.TrySetResult();
                    await Task.Delay(Timeout.Infinite, _stop.Token).ConfigureAwait(false);
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Closes with an RST rather than a FIN, as a dropped connection looks to the client.</summary>
    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }
}
