using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nimbus.Api;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Api;
using Nimbus.ControlPlane.Resources;

namespace Nimbus.ControlPlane.Telemetry.Traces;

/// <summary>Traces: recent requests and one request's journey, put together from every live edge's ring and the spans
/// apps sent; and the OTLP/HTTP receiver apps send those spans to.</summary>
internal static class TraceEndpoints
{
    private const int MaxLimit = 1000;

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/traces", async (string? app, int? limit, ResourceRepository<EdgeNode> edges, EdgeClient client, CancellationToken ct) =>
        {
            if (app is not null && !Names.IsValid(app))
            {
                return Problems.BadRequest($"'{app}' is not an app name", "app");
            }
            var count = limit ?? 20;
            if (count is < 1 or > MaxLimit)
            {
                return Problems.BadRequest($"limit must be between 1 and {MaxLimit}", "limit");
            }
            var (all, _) = await edges.ListAsync(ObjectMeta.DefaultProject, ct);
            var answers = await Task.WhenAll(all.Select(e => client.TracesAsync(e, app, count, ct)));
            var list = new TraceList { EdgesAsked = all.Count };
            foreach (var answer in answers.OfType<TraceList>())
            {
                list.Edges++;
                list.Traces.AddRange(answer.Traces);
            }
            list.Traces = [.. list.Traces.OrderByDescending(t => t.StartUnixNano).Take(count)];
            return Respond.Json(list, NimbusJson.Default.TraceList);
        }).WithName("list-traces").Produces<TraceList>();

        v1.MapGet("/traces/{id}", async (string id, ResourceRepository<EdgeNode> edges, EdgeClient client, ReceivedSpans received, CancellationToken ct) =>
        {
            if (id.Length is 0 or > 128 || id.AsSpan().ContainsAnyExceptInRange('!', '~'))
            {
                return Problems.BadRequest($"'{id}' is neither a trace id (32 hex digits) nor a request id", "id");
            }
            var (all, _) = await edges.ListAsync(ObjectMeta.DefaultProject, ct);
            var answers = await Task.WhenAll(all.Select(e => client.TraceAsync(e, id, ct)));
            var view = new TraceView { EdgesAsked = all.Count, TraceId = IsTraceId(id) ? id : "" };
            foreach (var answer in answers.OfType<TraceView>())
            {
                view.Edges++;
                view.Spans.AddRange(answer.Spans);
                if (view.TraceId.Length == 0)
                {
                    view.TraceId = answer.TraceId;
                }
            }
            if (view.TraceId.Length > 0)
            {
                view.Spans.AddRange(received.Of(view.TraceId));
            }
            if (view.Spans.Count == 0)
            {
                return Problems.NotFound($"no trace '{id}' at any of {view.Edges} edges or among the spans apps sent " +
                    "(edges keep their most recent requests only); list recent ones with 'nimbus trace list'");
            }
            view.Spans = [.. view.Spans.DistinctBy(s => s.SpanId).OrderBy(s => s.StartUnixNano)];
            return Respond.Json(view, NimbusJson.Default.TraceView);
        }).WithName("get-trace").Produces<TraceView>();

        v1.MapPost("/traces", ReceiveAsync).WithName("receive-otlp-traces");
    }

    /// <summary>OTLP/HTTP: protobuf or JSON, optionally gzip-compressed; answers in the request's encoding, with a
    /// partial success when spans were turned away.</summary>
    private static async Task<IResult> ReceiveAsync(HttpContext context, ReceivedSpans received, CancellationToken ct)
    {
        var type = context.Request.ContentType ?? "";
        var protobuf = type.StartsWith("application/x-protobuf", StringComparison.OrdinalIgnoreCase);
        if (!protobuf && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem($"Content-Type '{type}' is not OTLP: send application/x-protobuf or application/json",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        var encoding = context.Request.Headers.ContentEncoding.ToString();
        if (encoding.Length > 0 && !encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase) && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem($"Content-Encoding '{encoding}' is not supported: send gzip or none", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        byte[] body;
        try
        {
            var stream = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase) ? new GZipStream(context.Request.Body, CompressionMode.Decompress) : context.Request.Body;
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                await new LimitedReadStream(stream, OtlpLimits.MaxBodyBytes).CopyToAsync(buffer, ct).ConfigureAwait(false);
                body = buffer.ToArray();
            }
        }
        catch (InvalidDataException ex)
        {
            return ex.Message.Contains("limit", StringComparison.Ordinal)
                ? Problems.TooLarge($"an export may hold at most {OtlpLimits.MaxBodyBytes} bytes (uncompressed); send smaller batches")
                : Problems.BadRequest("the gzip body is not valid: " + ex.Message);
        }
        OtlpBatch batch;
        try
        {
            batch = protobuf ? OtlpProtobufReader.Read(body) : OtlpJsonReader.Read(body);
        }
        catch (FormatException ex)
        {
            return Problems.BadRequest("the body is not an OTLP ExportTraceServiceRequest: " + ex.Message);
        }
        if (context.Items[BearerTokenMiddleware.TraceApp] is string app)
        {
            batch.SentBy(app);
        }
        received.Add(batch.Spans);
        return protobuf ? Results.Bytes(OtlpResponse.Protobuf(batch.Rejected), "application/x-protobuf") : Results.Text(OtlpResponse.Json(batch.Rejected), "application/json");
    }

    private static bool IsTraceId(string id) => id.Length == 32 && !id.AsSpan().ContainsAnyExcept("0123456789abcdef");
}
