using Microsoft.Extensions.Logging;

namespace Nimbus.ControlPlane.Controllers;

internal sealed partial class ControllerHost
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "controller {Controller} failed; it runs again on the next change or resync")]
    private partial void LogControllerFailed(string controller, Exception exception);
}
