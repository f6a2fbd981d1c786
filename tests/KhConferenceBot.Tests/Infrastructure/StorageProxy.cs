using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using KhConferenceBot.Testing;

namespace KhConferenceBot.Tests.Infrastructure;

/// <summary>
/// Loopback TCP proxies in front of Azurite's table and queue ports, so a test can make storage fail without stopping
/// Azurite: <see cref="Cut"/> closes every connection and the port (connections are refused), <see cref="Freeze"/>
/// keeps connections open but forwards nothing (storage hangs).
/// </summary>
public sealed partial class StorageProxy : IAsyncDisposable
{
    private readonly List<Forwarder> _forwarders;

    private StorageProxy(string connectionString, List<Forwarder> forwarders)
    {
        ConnectionString = connectionString;
        _forwarders = forwarders;
    }

    /// <summary>The Azurite connection string with the proxies' ports.</summary>
    public string ConnectionString { get; }

    /// <summary>Completes when a request reaches storage after <see cref="Freeze"/>.</summary>
    public Task FrozenRequestArrived => Task.WhenAny(_forwarders.Select(f => f.FrozenRequest.Task));

    public static StorageProxy Start(AzuriteFixture storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var forwarders = new List<Forwarder>();
        var proxied = EndpointPort().Replace(storage.ConnectionString, m =>
        {
            var forwarder = new Forwarder(int.Parse(m.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
            forwarders.Add(forwarder);
            return m.Groups["prefix"].Value + forwarder.Port;
        });
        return new StorageProxy(proxied, forwarders);
    }

    public void Cut() => _forwarders.ForEach(f => f.Cut());

    public void Freeze() => _forwarders.ForEach(f => f.Freeze());

    public async ValueTask DisposeAsync()
    {
        foreach (var forwarder in _forwarders)
        {
            await forwarder.DisposeAsync().ConfigureAwait(false);
        }
    }

    [GeneratedRegex(@"(?<prefix>(Table|Queue)Endpoint=http://127\.0\.0\.1:)(?<port>\d+)")]
    private static partial Regex EndpointPort();

    private sealed class Forwarder : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly int _target;
        private readonly CancellationTokenSource _stop = new();
        private readonly List<TcpClient> _open = [];
        private readonly Task _accepting;
        private volatile bool _frozen;

        public Forwarder(int target)
        {
            _target = target;
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _accepting = AcceptAsync();
        }

        public int Port { get; }

        public TaskCompletionSource FrozenRequest { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Cut()
        {
            _listener.Stop();
            lock (_open)
            {
                _open.ForEach(c => c.Dispose());
            }
        }

        public void Freeze() => _frozen = true;

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                    var server = new TcpClient();
                    await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token).ConfigureAwait(false);
                    lock (_open)
                    {
                        _open.Add(client);
                        _open.Add(server);
                    }

                    _ = PumpAsync(client, server, fromClient: true);
                    _ = PumpAsync(server, client, fromClient: false);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped or cut.
            }
        }

        private async Task PumpAsync(TcpClient from, TcpClient to, bool fromClient)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                var source = from.GetStream();
                var destination = to.GetStream();
                int read;
                while ((read = await source.ReadAsync(buffer, _stop.Token).ConfigureAwait(false)) > 0)
                {
                    if (_frozen && fromClient)
                    {
                        // Storage "hangs": the request is swallowed and nothing ever comes back.
                        FrozenRequest.TrySetResult();
                        await Task.Delay(Timeout.Infinite, _stop.Token).ConfigureAwait(false);
                    }

                    await destination.WriteAsync(buffer.AsMemory(0, read), _stop.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException or InvalidOperationException)
            {
                // A side closed, or the proxy was cut or stopped.
            }
            finally
            {
                from.Dispose();
                to.Dispose();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            Cut();
            await _accepting.ConfigureAwait(false);
            _stop.Dispose();
        }
    }
}
