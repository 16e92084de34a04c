using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Nimbus.Edge.Dns;

internal sealed partial class DnsUdpListener
{
    [LoggerMessage(EventId = 3305, Level = LogLevel.Debug, Message = "DNS UDP receive failed: {Error}")]
    private partial void LogReceiveFailed(SocketError error);

    [LoggerMessage(EventId = 3306, Level = LogLevel.Debug, Message = "DNS UDP send failed: {Error}")]
    private partial void LogSendFailed(SocketError error);

    [LoggerMessage(EventId = 3307, Level = LogLevel.Error, Message = "DNS query handling failed over UDP")]
    private partial void LogHandlerFailed(Exception exception);
}
