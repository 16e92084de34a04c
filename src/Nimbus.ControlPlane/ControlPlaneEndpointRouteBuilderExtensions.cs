using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Alerts;
using Nimbus.ControlPlane.Api;
using Nimbus.ControlPlane.Autoscaling;
using Nimbus.ControlPlane.Resources;
using Nimbus.ControlPlane.Telemetry;

namespace Nimbus.ControlPlane;

public static class ControlPlaneEndpointRouteBuilderExtensions
{
    /// <summary>Request metrics, authentication, problem details for every error, the /v1 API and /metrics.</summary>
    public static WebApplication MapControlPlane(this WebApplication app)
    {
        app.UseMiddleware<ApiMetricsMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<BearerTokenMiddleware>();
        var v1 = app.MapGroup("/v1");
        ResourceEndpoints.MapReads(v1, ResourceKinds.Nodes, (_, _, _) => true);
        ResourceEndpoints.MapReads(v1, ResourceKinds.Apps, (_, _, _) => true);
        ResourceEndpoints.MapReads(v1, ResourceKinds.Releases, (r, appName, _) => appName is null || r.Spec.App == appName);
        ResourceEndpoints.MapReads(v1, ResourceKinds.Instances, (i, appName, node) => (appName is null || i.Spec.App == appName) && (node is null || i.Spec.Node == node));
        ResourceEndpoints.MapReads(v1, ResourceKinds.Events, (e, appName, _) => appName is null || e.Spec.App == appName);
        ResourceEndpoints.MapReads(v1, ResourceKinds.Edges, (_, _, _) => true);
        ResourceEndpoints.MapReads(v1, ResourceKinds.Domains, (d, appName, _) => appName is null || d.Spec.App == appName);
        // With secrets, like the watch: S3 nodes list and watch keys to check signatures. IAM will restrict this read.
        ResourceEndpoints.MapReads(v1, ResourceKinds.AccessKeys, (_, _, _) => true);
        ResourceEndpoints.MapReads(v1, ResourceKinds.StorageNodes, (_, _, _) => true);
        ResourceEndpoints.MapReads(v1, ResourceKinds.Alerts, (a, appName, _) => appName is null || a.Spec.App == appName);
        NodeEndpoints.Map(v1);
        AppEndpoints.Map(v1);
        InstanceEndpoints.Map(v1);
        BundleEndpoints.Map(v1);
        WatchEndpoints.Map(v1);
        LogEndpoints.Map(v1);
        EdgeEndpoints.Map(v1);
        StorageNodeEndpoints.Map(v1);
        TrafficEndpoints.Map(v1);
        CertificateEndpoints.Map(v1);
        DomainEndpoints.Map(v1);
        AccessKeyEndpoints.Map(v1);
        AppMetricsEndpoints.Map(v1);
        WakeEndpoints.Map(v1);
        AlertEndpoints.Map(v1);
        Telemetry.Traces.TraceEndpoints.Map(v1);
        MetricsEndpoints.Map(app);
        app.MapOpenApi("/v1/openapi.json");
        app.MapFallback(() => Problems.NotFound("no such endpoint; the API lives under /v1 and is described at /v1/openapi.json"));
        return app;
    }
}
