using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Nimbus.Edge.Dns;

internal sealed partial class DnsForwarder
{
    [LoggerMessage(EventId = 3320, Level = LogLevel.Warning, Message = "DNS upstream {Upstream} did not answer within {Timeout}; answering SERVFAIL")]
    private partial void LogUpstreamTimeout(IPEndPoint upstream, TimeSpan timeout);

    [LoggerMessage(EventId = 3321, Level = LogLevel.Warning, Message = "DNS upstream {Upstream} failed ({Error}); answering SERVFAIL")]
    private partial void LogUpstreamFailed(IPEndPoint upstream, SocketError error);
}
