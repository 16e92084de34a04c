using Microsoft.AspNetCore.Http;
using Nimbus.Api.Security;

namespace Nimbus.ControlPlane.Api;

/// <summary>Every request needs the bearer token — loopback included; there is no anonymous path.</summary>
internal sealed class BearerTokenMiddleware(RequestDelegate next, ControlPlaneOptions options)
{
    private readonly BearerToken _token = new(options.AdminToken);

    public Task InvokeAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (_token.Matches(header))
        {
            return next(context);
        }
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"nimbus\"";
        var detail = header.Length == 0
            ? "this API needs 'Authorization: Bearer <token>'; the admin token is in <data>/credentials (the CLI reads it through --data or NIMBUS_TOKEN)"
            : "the bearer token is not valid; use the token in <data>/credentials";
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized").ExecuteAsync(context);
    }
}
