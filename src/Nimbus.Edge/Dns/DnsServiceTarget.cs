using System.Net;

namespace Nimbus.Edge.Dns;

/// <summary>A ready instance of an app, answered in SRV records and at <c>&lt;instance&gt;.&lt;app&gt;.&lt;domain&gt;</c>.</summary>
/// <param name="Instance">The instance name; must be a single DNS label.</param>
/// <param name="Address">Where the instance listens.</param>
/// <param name="Port">Its port.</param>
public sealed record DnsServiceTarget(string Instance, IPAddress Address, ushort Port);
