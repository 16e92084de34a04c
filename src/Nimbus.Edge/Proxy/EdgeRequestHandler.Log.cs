using Microsoft.Extensions.Logging;

namespace Nimbus.Edge.Proxy;

internal sealed partial class EdgeRequestHandler
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "App {App}: forwarding failed ({Error}): {Detail}")]
    private partial void LogForwardFailed(string app, ForwardError error, string detail);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "App {App}: unexpected failure forwarding a request")]
    private partial void LogUnexpected(string app, Exception exception);
}
