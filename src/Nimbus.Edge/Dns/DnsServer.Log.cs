using System.Net;
using Microsoft.Extensions.Logging;

namespace Nimbus.Edge.Dns;

public sealed partial class DnsServer
{
    [LoggerMessage(EventId = 3300, Level = LogLevel.Information, Message = "DNS listening on {EndPoint} (UDP and TCP), upstream {Upstream}")]
    private partial void LogStarted(IPEndPoint endPoint, string upstream);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "DNS on {EndPoint} stopped")]
    private partial void LogStopped(IPEndPoint endPoint);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Warning, Message = "DNS listeners did not stop within 10 s")]
    private partial void LogStopTimedOut();
}
