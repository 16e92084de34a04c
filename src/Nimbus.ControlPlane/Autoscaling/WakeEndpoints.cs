using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nimbus.Api;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Api;
using Nimbus.ControlPlane.Events;
using Nimbus.ControlPlane.Resources;

namespace Nimbus.ControlPlane.Autoscaling;

/// <summary><c>POST /v1/apps/{name}/wake</c>: an edge holding a request for an app scaled to zero asks for an
/// instance. Sets the count from 0 to 1 when the running release's <c>autoscale.min</c> is 0; anything else is left
/// as it is (several edges may ask at once: the first one scales, the rest find it done).</summary>
internal static class WakeEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/apps/{name}/wake", async (string name, ResourceRepository<App> apps, ResourceRepository<Release> releases,
            EventRecorder events, CancellationToken ct) =>
        {
            var app = await apps.GetAsync(ObjectMeta.DefaultProject, name, ct);
            if (app is null)
            {
                return Problems.NotFound("app", name);
            }
            var release = await releases.GetAsync(ObjectMeta.DefaultProject, $"{name}-{app.Spec.Release}", ct);
            if (release?.Spec.Manifest.Autoscale is not { Min: 0 })
            {
                return Respond.Json(app, NimbusJson.Default.App);
            }
            var woke = false;
            var updated = await apps.MutateAsync(ObjectMeta.DefaultProject, name, latest =>
            {
                woke = latest.Spec.Instances == 0 && latest.Metadata.DeletionRequested is null;
                if (woke)
                {
                    latest.Spec.Instances = 1;
                }
                return woke;
            }, ct);
            if (updated is null)
            {
                return Problems.NotFound("app", name);
            }
            if (woke)
            {
                await events.NormalAsync($"app/{name}", name, "Autoscaled", "scaled 0→1: a request arrived at an edge (cold start)", ct);
            }
            return Respond.Json(updated, NimbusJson.Default.App);
        }).WithName("wake-app").Produces<App>();
    }
}
