using Microsoft.Extensions.Logging;
using Nimbus.Edge.Proxy.Polling;
using Nimbus.Edge.Routing;

namespace Nimbus.Edge.Proxy;

/// <summary>Passive health for both request paths (Kestrel's and the front's): consecutive failures or a refused
/// connection eject an instance for a back-off period.</summary>
internal sealed partial class PassiveHealthJudge(EdgeOptions options, ILogger<PassiveHealthJudge> logger)
{
    /// <summary>Passive health: what this answer says about the instance.</summary>
    public void Judge(Destination destination, ForwardResult result)
    {
        var now = LoopClock.Now;
        switch (result.Error)
        {
            case ForwardError.None:
                if (result.Status >= 500 && destination.Health.ServerError(options.PassiveHealth, now))
                {
                    LogEjected(destination.Instance, "consecutive 5xx answers");
                }
                else if (result.Status < 500)
                {
                    destination.Health.Succeeded();
                }
                break;
            case ForwardError.ConnectFailed:
                // A refused connection means nothing listens there: stop trying it now, not after three more requests.
                if (destination.Health.Eject(options.PassiveHealth, now))
                {
                    LogEjected(destination.Instance, result.Detail ?? "connect failed");
                }
                break;
            case ForwardError.ResetBeforeResponse or ForwardError.ResponseTimeout or ForwardError.ResponseBodyFailed:
                if (destination.Health.Failed(options.PassiveHealth, now))
                {
                    LogEjected(destination.Instance, result.Detail ?? result.Error.ToString());
                }
                break;
        }
    }

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Instance {Instance} ejected from the edge for a while: {Reason}")]
    private partial void LogEjected(string instance, string reason);
}
