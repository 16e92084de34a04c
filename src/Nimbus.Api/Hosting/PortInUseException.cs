namespace Nimbus.Api.Hosting;

/// <summary>A role's listener could not bind because its port is taken (edge HTTP/HTTPS/DNS, S3, …).</summary>
public sealed class PortInUseException(string listener, int port, Exception inner)
    : Exception($"the {listener} listener could not bind port {port}: {inner.Message}", inner)
{
    /// <summary>"http", "https", "dns", "s3", …</summary>
    public string Listener { get; } = listener;
    public int Port { get; } = port;
}
