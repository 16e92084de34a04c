using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Nimbus.ControlPlane.Telemetry;

/// <summary>Times every API request. The route label is the endpoint's template (<c>/v1/apps/{name}</c>), never the
/// raw path, so the number of series stays bounded whatever clients ask for.</summary>
internal sealed class ApiMetricsMiddleware(RequestDelegate next, ControlPlaneMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            metrics.ApiDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("method", HttpMethods.GetCanonicalizedValue(context.Request.Method) is var m && m.Length <= 7 ? m : "other"),
                new KeyValuePair<string, object?>("route", route),
                new KeyValuePair<string, object?>("code", ControlPlaneMetrics.StatusClass(context.Response.StatusCode)));
        }
    }
}
