using System.Net;
using System.Net.Sockets;

namespace Nimbus.Agent.Tests.TestSupport;

internal static class FreePort
{
    /// <summary>A loopback port the kernel just handed out for port 0.</summary>
    public static int Get()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
