using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Nimbus.Api.Contracts;
using Nimbus.Api.Streaming;

namespace Nimbus.Edge.Tracing;

/// <summary>The edge's access log: one JSON line per request (time, client, method, target, host, status, bytes,
/// duration, instance, tries, cache, request and trace ids), read from the trace ring — so it holds the edge's most recent
/// requests (<see cref="EdgeOptions.TraceCapacity"/>) and needs no disk. JSON so that <c>--where status=503</c> works.</summary>
internal static class AccessLog
{
    private static readonly TimeSpan FollowPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>The lines of one app (and instance, when given) since a time, oldest first, the last <paramref name="tail"/>
    /// of those the filter keeps; only requests recorded before <paramref name="before"/> (a sequence number).</summary>
    public static List<LogLine> Read(EdgeTracer tracer, string app, string? instance, DateTimeOffset? since, int? tail, LogFilter? filter,
        long before = long.MaxValue)
    {
        var from = since?.ToUnixTimeMilliseconds() * 1_000_000 ?? long.MinValue;
        var lines = tracer.Ring.Read(r => r.Steps.StartUnixNano >= from && Matches(r, app, instance, filter, tracer.Edge), tail ?? int.MaxValue, 0, before)
            .ConvertAll(r => Line(r, tracer.Edge));
        lines.Reverse();
        return lines;
    }

    /// <summary>What <see cref="Read"/> gives, then every new request as it is recorded, in order, until cancelled.</summary>
    public static async IAsyncEnumerable<LogLine> FollowAsync(EdgeTracer tracer, string app, string? instance, DateTimeOffset? since, int? tail, LogFilter? filter,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var next = tracer.Ring.Next;
        foreach (var line in Read(tracer, app, instance, since, tail, filter, before: next))
        {
            yield return line;
        }
        var waitedOn = -1L;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(FollowPoll, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            var found = tracer.Ring.ReadForward(next, r => Matches(r, app, instance, filter, tracer.Edge), out var resume);
            if (resume == next && resume == waitedOn && resume < tracer.Ring.Next)
            {
                // Still not written a whole poll later: a record the ring dropped (it went round during the write).
                resume++;
            }
            waitedOn = resume;
            next = resume;
            foreach (var record in found)
            {
                yield return Line(record, tracer.Edge);
            }
        }
    }

    /// <summary>The app's, served by the instance (when given), kept by the filter (when given; it reads the line).</summary>
    private static bool Matches(TraceRecord record, string app, string? instance, LogFilter? filter, string edge) =>
        record.App == app && (instance is null || (record.Steps.Tries > 0 && record.LastTry.Destination?.Instance == instance)) &&
        (filter is null || filter.Matches(Line(record, edge).Text));

    public static LogLine Line(TraceRecord record, string edge)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("client", record.Text.ClientText);
            json.WriteString("method", record.Text.MethodText);
            json.WriteString("target", record.Text.TargetText);
            json.WriteString("host", record.Text.HostText);
            json.WriteNumber("status", record.Status);
            json.WriteNumber("bytes_in", record.BytesIn);
            json.WriteNumber("bytes_out", record.BytesOut);
            json.WriteNumber("duration_ms", Math.Round(EdgeClock.Nanoseconds(record.End - record.Steps.Start) / 1e6, 3));
            json.WriteString("instance", record.Steps.Tries > 0 ? record.LastTry.Destination?.Instance ?? "" : "");
            json.WriteNumber("tries", record.Steps.Tries);
            if (record.Steps.Cache is { } cache)
            {
                json.WriteString("cache", cache.ToString().ToLowerInvariant());
            }
            json.WriteString("request_id", record.Text.RequestId);
            json.WriteString("trace_id", record.TraceId);
            json.WriteEndObject();
        }
        return new LogLine
        {
            Time = DateTimeOffset.FromUnixTimeMilliseconds(record.Steps.StartUnixNano / 1_000_000),
            Instance = edge,
            Stream = "access",
            Text = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan),
        };
    }
}
