using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nimbus.Api.Telemetry;

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
                new KeyValuePair<string, object?>("method", HttpLabels.Method(context.Request.Method)),
                new KeyValuePair<string, object?>("route", route),
                new KeyValuePair<string, object?>("code", HttpLabels.StatusClass(context.Response.StatusCode)));
        }
    }
}
