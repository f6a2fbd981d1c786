using System.Net;
using System.Net.Sockets;

namespace KhConferenceBot.Testing;

public static class FreePort
{
    /// <summary>
    /// A loopback port that was free a moment ago. Another process can still take it before the server binds,
    /// so callers that start servers retry on a bind failure rather than trusting this blindly.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
