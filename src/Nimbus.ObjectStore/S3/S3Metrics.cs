using System.Diagnostics.Metrics;
using Nimbus.Api.Telemetry;

namespace Nimbus.ObjectStore.S3;

/// <summary>The S3 endpoint's instruments (meter <c>Nimbus.ObjectStore</c>): one histogram of request durations by
/// method and status class, whose count is the request count.</summary>
internal sealed class S3Metrics
{
    public const string MeterName = "Nimbus.ObjectStore";

    private readonly Histogram<double> _duration;

    /// <param name="factory">The host's meter factory.</param>
    /// <param name="collector">The host's collector: taken here so it listens before the first request counts.</param>
    public S3Metrics(IMeterFactory factory, MetricsCollector collector)
    {
        GC.KeepAlive(collector);
        _duration = factory.Create(MeterName).CreateHistogram<double>("nimbus.s3.request.duration", "s",
            "Time from an S3 request's arrival to the end of its response, by method and status class.");
    }

    /// <param name="method">The request's method.</param>
    /// <param name="status">The response's status; 0 when the client went away before one was sent.</param>
    /// <param name="elapsed">From arrival to the end of the response.</param>
    public void Record(string method, int status, TimeSpan elapsed) =>
        _duration.Record(elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("method", HttpLabels.Method(method)),
            new KeyValuePair<string, object?>("code", HttpLabels.StatusClass(status)));
}
