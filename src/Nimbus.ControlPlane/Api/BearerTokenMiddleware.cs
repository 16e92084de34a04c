using Microsoft.AspNetCore.Http;
using Nimbus.Api.Security;

namespace Nimbus.ControlPlane.Api;

/// <summary>Every request needs the bearer token — loopback included; there is no anonymous path. The one exception:
/// an app's instances send their spans to <c>POST /v1/traces</c> with the app's trace token (<see cref="AppTraceTokens"/>),
/// which opens nothing else.</summary>
internal sealed class BearerTokenMiddleware(RequestDelegate next, ControlPlaneOptions options)
{
    /// <summary>HttpContext.Items key: the app a trace token was made for.</summary>
    public const string TraceApp = "nimbus.trace-app";

    private readonly BearerToken _token = new(options.AdminToken);

    public Task InvokeAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (_token.Matches(header))
        {
            return next(context);
        }
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals("/v1/traces", StringComparison.Ordinal) &&
            AppTraceTokens.AppOf(options.AdminToken, header) is { } app)
        {
            context.Items[TraceApp] = app;
            return next(context);
        }
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"nimbus\"";
        var detail = header.Length == 0
            ? "this API needs 'Authorization: Bearer <token>'; the admin token is in <data>/credentials (the CLI reads it through --data or NIMBUS_TOKEN)"
            : "the bearer token is not valid; use the token in <data>/credentials";
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized").ExecuteAsync(context);
    }
}
