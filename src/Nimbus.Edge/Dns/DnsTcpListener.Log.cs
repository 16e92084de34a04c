using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Nimbus.Edge.Dns;

internal sealed partial class DnsTcpListener
{
    [LoggerMessage(EventId = 3310, Level = LogLevel.Debug, Message = "DNS TCP accept failed: {Error}")]
    private partial void LogAcceptFailed(SocketError error);

    [LoggerMessage(EventId = 3311, Level = LogLevel.Warning, Message = "DNS TCP connection refused: {MaxConnections} connections already open")]
    private partial void LogTooManyConnections(int maxConnections);

    [LoggerMessage(EventId = 3312, Level = LogLevel.Error, Message = "DNS query handling failed over TCP")]
    private partial void LogHandlerFailed(Exception exception);
}
