using System.Diagnostics.Metrics;
using Nimbus.Api.Telemetry;

namespace Nimbus.ObjectStore.S3;

/// <summary>The S3 endpoint's instruments (meter <c>Nimbus.ObjectStore</c>): one histogram of request durations by
/// method and status class, whose count is the request count.</summary>
internal sealed class S3Metrics
{
    public const string MeterName = "Nimbus.ObjectStore";

    private static readonly string[] StatusClasses = ["other", "1xx", "2xx", "3xx", "4xx", "5xx"];
    private static readonly string[] Methods = ["GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS"];

    private readonly Histogram<double> _duration;

    /// <param name="factory">The host's meter factory.</param>
    /// <param name="collector">The host's collector: taken here so it listens before the first request counts.</param>
    public S3Metrics(IMeterFactory factory, MetricsCollector collector)
    {
        GC.KeepAlive(collector);
        _duration = factory.Create(MeterName).CreateHistogram<double>("nimbus.s3.request.duration", "s",
            "Time from an S3 request's arrival to the end of its response, by method and status class.");
    }

    public void Record(string method, int status, TimeSpan elapsed)
    {
        var statusClass = status / 100;
        _duration.Record(elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("method", Known(method)),
            new KeyValuePair<string, object?>("code", StatusClasses[statusClass is >= 1 and <= 5 ? statusClass : 0]));
    }

    /// <summary>The method as a label value from a fixed set (a client's made-up method is "other", not a new series).</summary>
    private static string Known(string method)
    {
        foreach (var known in Methods)
        {
            if (string.Equals(known, method, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }
        return "other";
    }
}
