using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nimbus.Api;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Apps;
using Nimbus.ControlPlane.Events;
using Nimbus.ControlPlane.Resources;

namespace Nimbus.ControlPlane.Api;

/// <summary>Apps: change the spec (scale, env), make releases (deploy, env, rollback), destroy.</summary>
internal static class AppEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPut("/apps/{name}", async (string name, HttpRequest request, ResourceRepository<App> apps, EventRecorder events, CancellationToken ct) =>
        {
            var (app, error) = await JsonBody.ReadAsync(request, NimbusJson.Default.App, ct);
            if (error is not null)
            {
                return error;
            }
            var existing = await apps.GetAsync(ObjectMeta.DefaultProject, name, ct);
            if (existing is null)
            {
                return Problems.NotFound($"app '{name}' does not exist; create it with 'nimbus deploy DIR'");
            }
            if (app!.Spec.Instances is < 0 or > 100)
            {
                return Problems.BadRequest("must be between 0 and 100", "spec.instances");
            }
            if (app.Spec.Release != existing.Spec.Release)
            {
                return Problems.BadRequest("the release is changed by deploy, env set or rollback, not by an update", "spec.release");
            }
            var sent = app.Metadata.ResourceVersion;
            existing.Metadata.ResourceVersion = sent;
            existing.Metadata.Labels = app.Metadata.Labels;
            var scaled = existing.Spec.Instances != app.Spec.Instances;
            var before = existing.Spec.Instances;
            existing.Spec.Instances = app.Spec.Instances;
            var result = await apps.UpdateAsync(existing, ct);
            if (!result.Succeeded)
            {
                return Respond.WriteFailure(result, "app", name, sent);
            }
            if (scaled)
            {
                await events.NormalAsync($"app/{name}", name, "Scaled", $"instances {before} → {app.Spec.Instances}", ct);
            }
            return Respond.Json(result.Value!, NimbusJson.Default.App);
        }).WithName("update-app").Accepts<App>("application/json").Produces<App>();

        v1.MapDelete("/apps/{name}", async (string name, ResourceRepository<App> apps, EventRecorder events, TimeProvider time, CancellationToken ct) =>
        {
            var updated = await apps.MutateAsync(ObjectMeta.DefaultProject, name, app =>
            {
                if (app.Metadata.DeletionRequested is not null)
                {
                    return false;
                }
                app.Metadata.DeletionRequested = time.GetUtcNow();
                app.Status.Phase = AppPhase.Deleting;
                app.Status.Message = "stopping instances";
                return true;
            }, ct);
            if (updated is null)
            {
                return Problems.NotFound("app", name);
            }
            await events.NormalAsync($"app/{name}", name, "Destroying", "destroy requested: instances drain, then the app and its releases are removed", ct);
            return Respond.Json(updated, NimbusJson.Default.App, StatusCodes.Status202Accepted);
        }).WithName("delete-app").Produces<App>(StatusCodes.Status202Accepted);

        // Releases are immutable: say so, rather than a bare 404/405.
        v1.MapMethods("/releases/{name}", ["PUT", "PATCH", "POST", "DELETE"], (string name) =>
            TypedResults.Problem($"release '{name}' is immutable; make a new release with 'nimbus deploy', 'nimbus env set' or 'nimbus rollback' (destroying the app removes its releases)",
                statusCode: StatusCodes.Status405MethodNotAllowed, title: "Method not allowed"))
            .WithName("release-is-immutable");

        v1.MapPost("/apps/{name}/releases", async (string name, HttpRequest request, ReleaseService service, CancellationToken ct) =>
        {
            var (body, error) = await JsonBody.ReadAsync(request, NimbusJson.Default.CreateReleaseRequest, ct);
            return error ?? ToResult(await service.CreateAsync(ObjectMeta.DefaultProject, name, body!, ct));
        }).WithName("create-release").Accepts<CreateReleaseRequest>("application/json").Produces<Release>(StatusCodes.Status201Created);

        v1.MapPost("/apps/{name}/rollback", async (string name, HttpRequest request, ReleaseService service, CancellationToken ct) =>
        {
            var (body, error) = await JsonBody.ReadAsync(request, NimbusJson.Default.RollbackRequest, ct);
            return error ?? ToResult(await service.RollbackAsync(ObjectMeta.DefaultProject, name, body!, ct));
        }).WithName("rollback-app").Accepts<RollbackRequest>("application/json").Produces<Release>(StatusCodes.Status201Created);
    }

    private static IResult ToResult(ReleaseOutcome outcome)
    {
        if (outcome.Release is { } release)
        {
            return Respond.Json(release, NimbusJson.Default.Release, StatusCodes.Status201Created);
        }
        if (outcome.Errors is { } errors)
        {
            return Problems.Invalid(errors);
        }
        return outcome.MissingMessage is { } missing ? Problems.NotFound(missing) : Problems.Conflict(outcome.ConflictMessage!);
    }
}
