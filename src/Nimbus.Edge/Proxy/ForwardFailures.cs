using Nimbus.Edge.Routing;

namespace Nimbus.Edge.Proxy;

/// <summary>The failed outcomes every forwarder reports, each saying what happened to which instance (the one wording
/// for the Kestrel paths and the front).</summary>
internal static class ForwardFailures
{
    public static ForwardResult ConnectFailed(Destination destination, string reason, long sent = 0, bool started = false) =>
        new(ForwardError.ConnectFailed, 502, sent, 0, started, $"could not connect to instance {destination.Instance} ({destination.Address}): {reason}");

    public static ForwardResult TimedOut(Destination destination, TimeSpan timeout, long sent, bool started) =>
        new(ForwardError.ResponseTimeout, 504, sent, 0, started,
            $"instance {destination.Instance} ({destination.Address}) sent no response headers within {Duration(timeout)} (the app's edge.timeout)");

    public static ForwardResult Reset(Destination destination, string reason, long sent, bool started) =>
        new(ForwardError.ResetBeforeResponse, 502, sent, 0, started,
            $"instance {destination.Instance} ({destination.Address}) closed the connection before answering: {reason}");

    public static ForwardResult Invalid(Destination destination, string reason, long sent, bool started) =>
        new(ForwardError.ResetBeforeResponse, 502, sent, 0, started, $"invalid response from instance {destination.Instance} ({destination.Address}): {reason}");

    private static string Duration(TimeSpan t) => t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.#}s" : $"{t.TotalMilliseconds:0}ms";
}
