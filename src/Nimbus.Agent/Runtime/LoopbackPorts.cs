using System.Net;
using System.Net.Sockets;

namespace Nimbus.Agent.Runtime;

/// <summary>A free loopback port for an instance's PORT (the OS picks it; the instance binds it moments later).</summary>
internal static class LoopbackPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
