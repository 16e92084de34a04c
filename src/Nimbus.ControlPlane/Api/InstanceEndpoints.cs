using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nimbus.Api;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Resources;

namespace Nimbus.ControlPlane.Api;

/// <summary>Agents report what is true about the instances they run.</summary>
internal static class InstanceEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPut("/instances/{name}/status", async (string name, HttpRequest request, ResourceRepository<Instance> instances, CancellationToken ct) =>
        {
            var (status, error) = await JsonBody.ReadAsync(request, NimbusJson.Default.InstanceStatus, ct);
            if (error is not null)
            {
                return error;
            }
            var updated = await instances.MutateAsync(ObjectMeta.DefaultProject, name, instance =>
            {
                instance.Status = status!;
                return true;
            }, ct);
            return updated is null ? Problems.NotFound("instance", name) : Respond.Json(updated, NimbusJson.Default.Instance);
        }).WithName("put-instance-status").Accepts<InstanceStatus>("application/json").Produces<Instance>();
    }
}
