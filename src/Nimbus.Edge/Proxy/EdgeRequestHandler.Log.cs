using Microsoft.Extensions.Logging;

namespace Nimbus.Edge.Proxy;

internal sealed partial class EdgeRequestHandler
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "App {App}: forwarding failed ({Error}): {Detail}")]
    private partial void LogForwardFailed(string app, ForwardError error, string detail);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "App {App}: unexpected failure forwarding a request")]
    private partial void LogUnexpected(string app, Exception exception);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Instance {Instance} ejected from the edge for a while: {Reason}")]
    private partial void LogEjected(string instance, string reason);
}
