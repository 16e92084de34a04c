namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>A new connection, or why there is none (a socket error name such as ConnectionRefused, or TimedOut).</summary>
internal readonly record struct ConnectResult(UpstreamConnection? Connection, string? Error);
