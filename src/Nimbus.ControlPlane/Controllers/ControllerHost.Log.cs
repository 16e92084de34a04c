using Microsoft.Extensions.Logging;

namespace Nimbus.ControlPlane.Controllers;

internal sealed partial class ControllerHost
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "controller {Controller} failed; it runs again on the next change or resync")]
    private partial void LogControllerFailed(string controller, Exception exception);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "reading the cluster snapshot failed; controllers run again on the next change or resync")]
    private partial void LogSnapshotFailed(Exception exception);
}
