using System.Net;

namespace Nimbus.Edge.Proxy.Front;

/// <summary>The address of a port the front serves (plain HTTP/1.1); Kestrel binds it through
/// <see cref="FrontListenerFactory"/> and every other endpoint through its own socket transport.</summary>
internal sealed class FrontEndPoint(IPAddress address, int port) : IPEndPoint(address, port);
