using System.Globalization;
using System.Text.RegularExpressions;

namespace KhConferenceBot.Testing;

/// <summary>
/// <see cref="TcpProxy"/>s in front of every endpoint of a storage connection string (Azurite's table port, a queue
/// port if it has one), and the connection string that reaches storage through them.
/// </summary>
public sealed partial class StorageProxy : IAsyncDisposable
{
    private readonly List<TcpProxy> _proxies;

    private StorageProxy(string connectionString, List<TcpProxy> proxies)
    {
        ConnectionString = connectionString;
        _proxies = proxies;
    }

    /// <summary>The storage connection string with the proxies' ports.</summary>
    public string ConnectionString { get; }

    /// <summary>Completes when a request reaches storage after <see cref="Freeze"/>.</summary>
    public Task FrozenRequestArrived => Task.WhenAny(_proxies.Select(p => p.FrozenRequestArrived));

    /// <summary>Completes when a request containing <paramref name="marker"/> reaches storage after <see cref="Freeze"/>.</summary>
    public Task FrozenRequestContaining(string marker) => Task.WhenAny(_proxies.Select(p => p.FrozenRequestContaining(marker)));

    public static StorageProxy InFrontOf(AzuriteFixture storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var proxies = new List<TcpProxy>();
        var proxied = EndpointPort().Replace(storage.ConnectionString, m =>
        {
            var proxy = TcpProxy.Start(int.Parse(m.Groups["port"].Value, CultureInfo.InvariantCulture));
            proxies.Add(proxy);
            return m.Groups["prefix"].Value + proxy.Port.ToString(CultureInfo.InvariantCulture);
        });
        if (proxies.Count == 0)
        {
            throw new InvalidOperationException("The test storage connection string names no loopback table or queue endpoint.");
        }

        return new StorageProxy(proxied, proxies);
    }

    public void Cut() => _proxies.ForEach(p => p.Cut());

    public void Restore() => _proxies.ForEach(p => p.Restore());

    public void Freeze() => _proxies.ForEach(p => p.Freeze());

    public async ValueTask DisposeAsync()
    {
        foreach (var proxy in _proxies)
        {
            await proxy.DisposeAsync().ConfigureAwait(false);
        }
    }

    [GeneratedRegex(@"(?<prefix>(Table|Queue)Endpoint=https?://127\.0\.0\.1:)(?<port>\d+)")]
    private static partial Regex EndpointPort();
}
