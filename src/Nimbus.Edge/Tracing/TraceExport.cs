using System.Buffers.Binary;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Nimbus.Edge.Proxy;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Nimbus.Edge.Tracing;

/// <summary>Exports the edge's spans over OTLP/HTTP (protobuf) with the OpenTelemetry SDK, batched off the request path.
/// The edge's own span is a real <see cref="Activity"/> started with the request — its span id is the parent the
/// instance is told, so the app's spans hang under it in any backend; when the request ends, each try on an instance
/// becomes a child with its steps as events (see <see cref="Finish"/>). A failure here is logged and never
/// reaches the request.</summary>
internal sealed partial class TraceExport : IDisposable
{
    public const string SourceName = "Nimbus.Edge";

    private readonly ActivitySource _source = new(SourceName);
    private readonly TracerProvider _provider;
    private readonly ILogger _logger;
    private readonly double _sampleRatio;

    public TraceExport(Uri endpoint, string? headers, double sampleRatio, string edge, ILogger<TraceExport> logger)
    {
        _logger = logger;
        _sampleRatio = sampleRatio;
        _provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("nimbus-edge", serviceInstanceId: edge, autoGenerateServiceInstanceId: false))
            .AddSource(SourceName)
            // Sampling is decided in Begin, before any Activity exists (an unsampled request then costs nothing here).
            .SetSampler(new AlwaysOnSampler())
            .AddOtlpExporter(o =>
            {
                o.Endpoint = endpoint;
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.Headers = headers;
            })
            .Build()!;
    }

    /// <summary>Starts the edge's span under the client's context (or a new trace); the context the instance is told.
    /// A trace the client did not sample is followed as it is; of the traces the edge starts, the share not sampled
    /// (<c>--otlp-sample</c>) go on marked unsampled. Neither makes an Activity.</summary>
    public TraceContext? Begin(RequestTimeline timeline, TraceContext? incoming)
    {
        if (incoming is { } given ? (given.Flags & 1) == 0 : _sampleRatio < 1 && Random.Shared.NextDouble() >= _sampleRatio)
        {
            return incoming is null ? timeline.Steps.Trace with { Flags = 0 } : null;
        }
        try
        {
            return Start(timeline, incoming);
        }
        catch (Exception ex)
        {
            LogFailed(ex);
            return null;
        }
    }

    /// <summary>Adds the request's steps and ends the edge's span (the SDK batches and sends them).</summary>
    public void End(Activity root, RequestTimeline timeline, Routing.AppRoute route, int status, long end, string edge)
    {
        try
        {
            Finish(root, timeline, route, status, end, edge);
        }
        catch (Exception ex)
        {
            LogFailed(ex);
        }
    }

    private TraceContext? Start(RequestTimeline timeline, TraceContext? incoming)
    {
        var parent = incoming is { } given
            ? new ActivityContext(TraceIdOf(given), SpanIdOf(given.SpanId), (ActivityTraceFlags)(given.Flags & 1), isRemote: true)
            : default;
        // With no parent given, CreateActivity and Start take Activity.Current — on the Kestrel path ASP.NET's own request
        // activity, which no one records (the SDK's parent-based sampler would then drop this one): a request without a
        // traceparent starts a trace of its own. The ambient activity is back in place afterwards.
        var ambient = Activity.Current;
        Activity.Current = null;
        Activity? activity;
        try
        {
            activity = _source.CreateActivity("edge", ActivityKind.Server, parent, idFormat: ActivityIdFormat.W3C);
            if (activity is null)
            {
                return null;
            }
            activity.SetStartTime(UtcOf(timeline, timeline.Steps.Start).UtcDateTime);
            activity.Start();
        }
        finally
        {
            Activity.Current = ambient;
        }
        timeline.Activity = activity;
        Span<byte> bytes = stackalloc byte[16];
        activity.TraceId.CopyTo(bytes);
        var high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        var low = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        activity.SpanId.CopyTo(bytes[..8]);
        return new TraceContext(high, low, BinaryPrimitives.ReadUInt64BigEndian(bytes), (byte)activity.ActivityTraceFlags);
    }

    /// <summary>The export is leaner than what `nimbus trace` shows, to cost little per request: the edge's span and one
    /// client span per try on an instance, whose steps (connected, request sent, first byte) are events with their
    /// times, and the pick's reason and the cache's answer attributes; the DNS lookup, when there was one, is a span.</summary>
    private void Finish(Activity root, RequestTimeline record, Routing.AppRoute route, int status, long end, string edge)
    {
        if (!root.Recorded)
        {
            // Not sampled for export: nothing to describe.
            root.Stop();
            return;
        }
        root.DisplayName = $"{record.Text.MethodText} {route.App}";
        root.SetTag("http.request.method", record.Text.MethodText);
        root.SetTag("url.path", record.Text.TargetText);
        root.SetTag("http.response.status_code", status);
        root.SetTag("nimbus.app", route.App);
        root.SetTag("nimbus.request_id", record.Text.RequestId);
        root.SetTag("nimbus.edge", edge);
        root.SetTag("client.address", record.Text.ClientText);
        if (record.Steps.Cache is { } cache)
        {
            root.SetTag("nimbus.cache.result", cache.ToString().ToLowerInvariant());
        }
        root.SetStatus(status >= 500 ? ActivityStatusCode.Error : ActivityStatusCode.Ok);
        if (record.Steps.DnsEnd != 0)
        {
            Child(root, record, "dns lookup", ActivityKind.Internal, record.Steps.DnsStart, record.Steps.DnsEnd)?.Stop();
        }
        for (var i = 0; i < record.Steps.Tries; i++)
        {
            ref readonly var attempt = ref i == 0 ? ref record.Steps.Try0 : ref record.Steps.Try1;
            var instance = attempt.Destination?.Instance ?? "";
            var tryEnd = attempt.End != 0 ? attempt.End : end;
            if (Child(root, record, "upstream " + instance, ActivityKind.Client, attempt.PickStart, tryEnd) is not { } upstream)
            {
                continue;
            }
            upstream.SetTag("nimbus.instance", instance);
            upstream.SetTag("server.address", attempt.Destination?.Address);
            upstream.SetTag("nimbus.try", i + 1);
            upstream.SetTag("nimbus.lb.reason", attempt.Pick.Describe(route.Policy.Name));
            if (attempt.Status != 0)
            {
                upstream.SetTag("http.response.status_code", attempt.Status);
            }
            if (attempt.Error is not ForwardError.None)
            {
                upstream.SetTag("error.type", EdgeResponses.ErrorKind(attempt.Error));
            }
            upstream.SetStatus(attempt.Error is ForwardError.None ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
            if (attempt.ConnectEnd != 0 && !attempt.Reused)
            {
                upstream.AddEvent(new ActivityEvent("connected", UtcOf(record, attempt.ConnectEnd)));
            }
            if (attempt.Sent != 0)
            {
                upstream.AddEvent(new ActivityEvent("request sent", UtcOf(record, attempt.Sent)));
            }
            if (attempt.FirstByte != 0)
            {
                upstream.AddEvent(new ActivityEvent("first byte", UtcOf(record, attempt.FirstByte)));
            }
            upstream.Stop();
        }
        root.SetEndTime(UtcOf(record, end).UtcDateTime);
        root.Stop();
    }

    /// <summary>A child of <paramref name="root"/> from <paramref name="start"/> to <paramref name="end"/> (Stopwatch
    /// timestamps), started; the caller stops it. Null when the sampler declines.</summary>
    private Activity? Child(Activity root, RequestTimeline timeline, string name, ActivityKind kind, long start, long end)
    {
        var child = _source.CreateActivity(name, kind, root.Context, idFormat: ActivityIdFormat.W3C);
        if (child is null)
        {
            return null;
        }
        child.SetStartTime(UtcOf(timeline, start).UtcDateTime);
        child.Start();
        child.SetEndTime(UtcOf(timeline, Math.Max(start, end)).UtcDateTime);
        return child;
    }

    [LoggerMessage(EventId = 3801, Level = LogLevel.Warning, Message = "Exporting a request's spans failed; the request is not affected")]
    private partial void LogFailed(Exception ex);

    public void Dispose()
    {
        _provider.Dispose();
        _source.Dispose();
    }

    private static ActivityTraceId TraceIdOf(TraceContext context)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, context.TraceHigh);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], context.TraceLow);
        return ActivityTraceId.CreateFromBytes(bytes);
    }

    private static ActivitySpanId SpanIdOf(ulong id)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, id);
        return ActivitySpanId.CreateFromBytes(bytes);
    }

    private static DateTimeOffset UtcOf(RequestTimeline timeline, long timestamp) =>
        DateTimeOffset.UnixEpoch.AddTicks((timeline.Steps.StartUnixNano + EdgeClock.Nanoseconds(timestamp - timeline.Steps.Start)) / 100);
}
