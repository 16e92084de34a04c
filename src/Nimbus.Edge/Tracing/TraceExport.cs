using System.Buffers.Binary;
using System.Diagnostics;
using Nimbus.Api.Contracts;
using Microsoft.Extensions.Logging;
using Nimbus.Edge.Proxy;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Nimbus.Edge.Tracing;

/// <summary>Exports the edge's spans over OTLP/HTTP (protobuf) with the OpenTelemetry SDK, batched off the request path.
/// The edge's own span is a real <see cref="Activity"/> started with the request — its span id is the parent the
/// instance is told, so the app's spans hang under it in any backend; the steps inside it (pick, connect, first byte…)
/// become child activities with their recorded times when the request ends. A failure here is logged and never
/// reaches the request.</summary>
internal sealed partial class TraceExport : IDisposable
{
    public const string SourceName = "Nimbus.Edge";

    private readonly ActivitySource _source = new(SourceName);
    private readonly TracerProvider _provider;
    private readonly ILogger _logger;

    public TraceExport(Uri endpoint, string? headers, string edge, ILogger<TraceExport> logger)
    {
        _logger = logger;
        _provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("nimbus-edge", serviceInstanceId: edge, autoGenerateServiceInstanceId: false))
            .AddSource(SourceName)
            .AddOtlpExporter(o =>
            {
                o.Endpoint = endpoint;
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.Headers = headers;
            })
            .Build()!;
    }

    /// <summary>Starts the edge's span under the client's context (or a new trace); the context the instance is told.</summary>
    public TraceContext? Begin(RequestTimeline timeline, TraceContext? incoming)
    {
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

    /// <summary>Adds the recorded steps as children and ends the edge's span (the SDK batches and sends them).</summary>
    public void End(Activity root, TraceRecord record, string edge)
    {
        try
        {
            Finish(root, record, edge);
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
        var activity = _source.CreateActivity("edge", ActivityKind.Server, parent, idFormat: ActivityIdFormat.W3C);
        if (activity is null)
        {
            return null;
        }
        activity.SetStartTime(UtcOf(timeline.Start));
        activity.Start();
        timeline.Activity = activity;
        Span<byte> bytes = stackalloc byte[16];
        activity.TraceId.CopyTo(bytes);
        var high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        var low = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        activity.SpanId.CopyTo(bytes[..8]);
        return new TraceContext(high, low, BinaryPrimitives.ReadUInt64BigEndian(bytes), (byte)activity.ActivityTraceFlags);
    }

    private void Finish(Activity root, TraceRecord record, string edge)
    {
        var spans = EdgeSpans.For(record, edge);
        var contexts = new Dictionary<string, ActivityContext>(spans.Count, StringComparer.Ordinal) { [spans[0].SpanId] = root.Context };
        Describe(root, spans[0]);
        for (var i = 1; i < spans.Count; i++)
        {
            var span = spans[i];
            if (!contexts.TryGetValue(span.ParentSpanId, out var parent) ||
                _source.CreateActivity(span.Name, Kind(span.Kind), parent, idFormat: ActivityIdFormat.W3C) is not { } child)
            {
                continue;
            }
            child.SetStartTime(UtcOfUnixNano(span.StartUnixNano));
            child.Start();
            Describe(child, span);
            child.SetEndTime(UtcOfUnixNano(span.EndUnixNano));
            contexts[span.SpanId] = child.Context;
            child.Stop();
        }
        root.SetEndTime(UtcOfUnixNano(spans[0].EndUnixNano));
        root.Stop();
    }

    [LoggerMessage(EventId = 3801, Level = LogLevel.Warning, Message = "Exporting a request's spans failed; the request is not affected")]
    private partial void LogFailed(Exception ex);

    public void Dispose()
    {
        _provider.Dispose();
        _source.Dispose();
    }

    private static void Describe(Activity activity, TraceSpan span)
    {
        activity.DisplayName = span.Name;
        foreach (var (key, value) in span.Attributes)
        {
            activity.SetTag(key, value);
        }
        if (span.Status.Length > 0)
        {
            activity.SetStatus(span.Status == "error" ? ActivityStatusCode.Error : ActivityStatusCode.Ok);
        }
    }

    private static ActivityKind Kind(string kind) => kind switch
    {
        "server" => ActivityKind.Server,
        "client" => ActivityKind.Client,
        _ => ActivityKind.Internal,
    };

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

    private static DateTime UtcOf(long timestamp) => UtcOfUnixNano(EdgeClock.UnixNano(timestamp));

    private static DateTime UtcOfUnixNano(long unixNano) => DateTime.UnixEpoch.AddTicks(unixNano / 100);
}
