using System.Globalization;
using Microsoft.AspNetCore.Http;
using Nimbus.Edge.Routing;

namespace Nimbus.Edge.Proxy;

/// <summary>The answers the edge gives itself, each saying what happened and what to do. Plain text: they are read by
/// people with curl as often as by programs, and the status code says the rest.</summary>
internal static class EdgeResponses
{
    public static Task UnknownHostAsync(HttpContext context, string domain)
    {
        var host = context.Request.Host.Value ?? "";
        return WriteAsync(context, StatusCodes.Status404NotFound,
            $"no app is served at host '{host}'. Apps answer at <app>.localhost and <app>.{domain}; deploy one with 'nimbus deploy DIR' or add a custom domain with 'nimbus domains add APP HOST'.\n");
    }

    public static Task StartingAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "1";
        return WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "this edge is starting and has not heard from the control plane yet; retry shortly.\n");
    }

    public static async ValueTask<ForwardResult> NoInstanceAsync(HttpContext context, AppRoute route)
    {
        context.Response.Headers.RetryAfter = "1";
        await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, NoInstanceText(route)).ConfigureAwait(false);
        return new ForwardResult(ForwardError.None, StatusCodes.Status503ServiceUnavailable, 0, 0, false);
    }

    public static async ValueTask<ForwardResult> ColdStartFailedAsync(HttpContext context, AppRoute route, TimeSpan waited)
    {
        context.Response.Headers.RetryAfter = "5";
        await WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
            $"app '{route.App}' is scaled to zero and has no ready instance for this request: none became ready within {waited.TotalSeconds:0}s, too many requests are already waiting, or the app was destroyed; retry shortly, and see 'nimbus ps {route.App}' and 'nimbus logs {route.App}'.\n").ConfigureAwait(false);
        return new ForwardResult(ForwardError.None, StatusCodes.Status503ServiceUnavailable, 0, 0, false);
    }

    public static async ValueTask<ForwardResult> RateLimitedAsync(HttpContext context, AppRoute route, int retryAfterSeconds)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await WriteAsync(context, StatusCodes.Status429TooManyRequests,
            $"too many requests from your address to app '{route.App}' (limit {route.Settings.RateLimit!.Rate:0.###}/s, burst {route.Settings.RateLimit.Burst}); retry after {retryAfterSeconds}s.\n").ConfigureAwait(false);
        return new ForwardResult(ForwardError.None, StatusCodes.Status429TooManyRequests, 0, 0, false);
    }

    public static string NoInstanceText(AppRoute route) => route.Destinations.Length == 0
        ? $"app '{route.App}' has no ready instance right now (starting, scaled to 0, or failing its health check); retry shortly, and see 'nimbus ps {route.App}'.\n"
        : $"app '{route.App}': every instance failed this request; retry shortly, and see 'nimbus logs {route.App}'.\n";

    public static Task ForwardFailedAsync(HttpContext context, ForwardResult result, string requestId)
    {
        context.Response.Headers[RequestIds.Header] = requestId;
        context.Response.Headers["X-Nimbus-Error"] = ErrorKind(result.Error);
        return WriteAsync(context, result.Status, (result.Detail ?? result.Error.ToString()) + "\n");
    }

    /// <summary>The X-Nimbus-Error value: which part of forwarding failed.</summary>
    public static string ErrorKind(ForwardError error) => error switch
    {
        ForwardError.ConnectFailed => "connect",
        ForwardError.ResponseTimeout => "timeout",
        ForwardError.RequestBodyFailed => "request-body",
        _ => "reset",
    };

    public static async ValueTask<ForwardResult> RedirectToHttpsAsync(HttpContext context, int httpsPort)
    {
        var request = context.Request;
        var host = HostHeader.HostOf(request.Host.Value ?? "").ToString();
        var port = httpsPort == 443 ? "" : ":" + httpsPort.ToString(CultureInfo.InvariantCulture);
        context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
        context.Response.Headers.Location = $"https://{host}{port}{request.PathBase}{request.Path}{request.QueryString}";
        context.Response.ContentLength = 0;
        await context.Response.CompleteAsync().ConfigureAwait(false);
        return new ForwardResult(ForwardError.None, StatusCodes.Status308PermanentRedirect, 0, 0, false);
    }

    public static Task WriteAsync(HttpContext context, int status, string text)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        return response.WriteAsync(text);
    }
}
