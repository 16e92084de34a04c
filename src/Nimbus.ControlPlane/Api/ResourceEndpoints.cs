using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Resources;

namespace Nimbus.ControlPlane.Api;

/// <summary>GET /v1/{kind} and GET /v1/{kind}/{name} for every kind. Lists filter by <c>?app=</c> and <c>?node=</c>.</summary>
internal static class ResourceEndpoints
{
    public static void MapReads<T>(RouteGroupBuilder v1, ResourceKind<T> kind, Func<T, string?, string?, bool> filter)
        where T : class, IResource
    {
        var singular = kind.Plural.TrimEnd('s');
        v1.MapGet($"/{kind.Plural}", async (HttpContext context, ResourceRepository<T> repository, string? project, string? app, string? node, CancellationToken ct) =>
        {
            var (items, revision) = await repository.ListAsync(project ?? ObjectMeta.DefaultProject, ct);
            if (app is not null || node is not null)
            {
                items = items.FindAll(i => filter(i, app, node));
            }
            return Respond.Json(new ResourceList<T> { Items = items, Revision = revision }, kind.ListTypeInfo);
        }).WithName($"list-{kind.Plural}").Produces<ResourceList<T>>();

        v1.MapGet($"/{kind.Plural}/{{name}}", async (string name, string? project, ResourceRepository<T> repository, CancellationToken ct) =>
        {
            var item = await repository.GetAsync(project ?? ObjectMeta.DefaultProject, name, ct);
            return item is null ? Problems.NotFound(singular, name) : Respond.Json(item, kind.TypeInfo);
        }).WithName($"get-{singular}").Produces<T>();
    }
}
