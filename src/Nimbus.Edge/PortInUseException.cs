namespace Nimbus.Edge;

/// <summary>An edge listener could not bind because its port is taken.</summary>
public sealed class PortInUseException(string listener, int port, Exception inner)
    : Exception($"the edge's {listener} listener could not bind port {port}: {inner.Message}", inner)
{
    /// <summary>"http", "https" or "dns".</summary>
    public string Listener { get; } = listener;
    public int Port { get; } = port;
}
