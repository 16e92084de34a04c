using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nimbus.Api;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Domains;

namespace Nimbus.ControlPlane.Api;

/// <summary>PUT and DELETE /v1/domains/{host}; the reads (GET /v1/domains[?app=], GET /v1/domains/{host}) are the
/// generic resource reads.</summary>
internal static class DomainEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPut("/domains/{host}", async (string host, HttpRequest request, DomainService service, CancellationToken ct) =>
        {
            var (body, error) = await JsonBody.ReadAsync(request, NimbusJson.Default.PutDomainRequest, ct);
            return error ?? ToResult(await service.PutAsync(host, body!, ct));
        }).WithName("put-domain").Accepts<PutDomainRequest>("application/json").Produces<Domain>();

        v1.MapDelete("/domains/{host}", async (string host, DomainService service, CancellationToken ct) =>
            ToResult(await service.DeleteAsync(host, ct)))
            .WithName("delete-domain").Produces<Domain>();
    }

    private static IResult ToResult(DomainOutcome outcome)
    {
        if (outcome.Domain is { } domain)
        {
            return Respond.Json(domain, NimbusJson.Default.Domain);
        }
        if (outcome.Errors is { } errors)
        {
            return Problems.Invalid(errors);
        }
        return outcome.MissingMessage is { } missing ? Problems.NotFound(missing) : Problems.Conflict(outcome.ConflictMessage!);
    }
}
