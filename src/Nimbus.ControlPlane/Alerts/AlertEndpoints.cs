using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nimbus.Api;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Api;
using Nimbus.ControlPlane.Events;
using Nimbus.ControlPlane.Resources;

namespace Nimbus.ControlPlane.Alerts;

/// <summary><c>POST /v1/apps/{app}/alerts</c> adds a rule, <c>DELETE /v1/alerts/{name}</c> removes one; the reads are
/// the generic resource reads (<c>GET /v1/alerts[?app=]</c>).</summary>
internal static class AlertEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/apps/{app}/alerts", async (string app, HttpRequest request, ResourceRepository<App> apps, ResourceRepository<Alert> alerts,
            EventRecorder events, CancellationToken ct) =>
        {
            var (body, error) = await JsonBody.ReadAsync(request, NimbusJson.Default.CreateAlertRequest, ct);
            if (error is not null)
            {
                return error;
            }
            if (await apps.GetAsync(ObjectMeta.DefaultProject, app, ct) is null)
            {
                return Problems.NotFound("app", app);
            }
            var alert = new Alert { Spec = new AlertSpec { App = app, Webhook = body!.Webhook ?? "" } };
            var errors = new Dictionary<string, string[]>();
            if (AlertRule.TryParse(body.Rule ?? "", alert.Spec) is { } ruleError)
            {
                errors["rule"] = [ruleError];
            }
            if (alert.Spec.Webhook.Length > 0 &&
                !(Uri.TryCreate(alert.Spec.Webhook, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && alert.Spec.Webhook.Length <= 2048))
            {
                errors["webhook"] = [$"'{alert.Spec.Webhook}' is not an http(s) URL"];
            }
            var name = body.Name ?? $"{app[..Math.Min(app.Length, 45)].TrimEnd('-')}-{alert.Spec.Metric}-{Ids.Suffix(4)}";
            if (!Names.IsValid(name))
            {
                errors["name"] = [$"'{name}' is not a name: lower-case letters, digits and '-', at most 63"];
            }
            if (errors.Count > 0)
            {
                return Problems.Invalid(errors);
            }
            alert.Metadata = new ObjectMeta { Name = name, Labels = { ["app"] = app } };
            var result = await alerts.CreateAsync(alert, ct);
            if (result.Status == WriteStatus.AlreadyExists)
            {
                return Problems.Conflict($"an alert named '{name}' exists; pick another --name or remove it first");
            }
            if (!result.Succeeded)
            {
                return Respond.WriteFailure(result, "alert", name, 0);
            }
            await events.NormalAsync($"alert/{name}", app, "AlertAdded", $"{alert.Spec.Rule}{(alert.Spec.Webhook.Length > 0 ? " → webhook" : "")}", ct);
            return Respond.Json(result.Value!, NimbusJson.Default.Alert, StatusCodes.Status201Created);
        }).WithName("create-alert").Accepts<CreateAlertRequest>("application/json").Produces<Alert>(StatusCodes.Status201Created);

        v1.MapDelete("/alerts/{name}", async (string name, ResourceRepository<Alert> alerts, AlertNotifier notifier, TimeProvider time, CancellationToken ct) =>
        {
            var alert = await alerts.GetAsync(ObjectMeta.DefaultProject, name, ct);
            if (alert is null)
            {
                return Problems.NotFound("alert", name);
            }
            var deleted = await alerts.DeleteAsync(ObjectMeta.DefaultProject, name, alert.Metadata.ResourceVersion, ct);
            if (!deleted.Succeeded)
            {
                return Respond.WriteFailure(deleted, "alert", name, alert.Metadata.ResourceVersion);
            }
            notifier.Removed(alert, time.GetUtcNow());
            return Respond.Json(alert, NimbusJson.Default.Alert);
        }).WithName("delete-alert").Produces<Alert>();
    }
}
