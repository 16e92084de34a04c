using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nimbus.Api.Resources;
using Nimbus.Api.Telemetry;
using Nimbus.ControlPlane.Api;
using Nimbus.ControlPlane.Alerts;
using Nimbus.ControlPlane.Apps;
using Nimbus.ControlPlane.Autoscaling;
using Nimbus.ControlPlane.Bundles;
using Nimbus.ControlPlane.Certificates;
using Nimbus.ControlPlane.Controllers;
using Nimbus.ControlPlane.Domains;
using Nimbus.ControlPlane.Events;
using Nimbus.ControlPlane.Resources;
using Nimbus.ControlPlane.State;
using Nimbus.ControlPlane.Telemetry;
using Nimbus.ControlPlane.Telemetry.Series;

namespace Nimbus.ControlPlane;

public static class ControlPlaneServiceCollectionExtensions
{
    /// <summary>The control plane role: state store, API services, controllers.</summary>
    public static IServiceCollection AddControlPlane(this IServiceCollection services, Action<ControlPlaneOptions> configure)
    {
        services.AddOptions<ControlPlaneOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ControlPlaneOptions>, ControlPlaneOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ControlPlaneOptions>>().Value);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IStateStore>(sp =>
        {
            var options = sp.GetRequiredService<ControlPlaneOptions>();
            Directory.CreateDirectory(options.DataDirectory);
            return SqliteStateStore.Open(options.StatePath, sp.GetRequiredService<TimeProvider>());
        });
        AddRepository(services, ResourceKinds.Nodes);
        AddRepository(services, ResourceKinds.Apps);
        AddRepository(services, ResourceKinds.Releases);
        AddRepository(services, ResourceKinds.Instances);
        AddRepository(services, ResourceKinds.Events);
        AddRepository(services, ResourceKinds.Edges);
        AddRepository(services, ResourceKinds.Domains);
        AddRepository(services, ResourceKinds.Alerts);
        AddRepository(services, ResourceKinds.AccessKeys);
        AddRepository(services, ResourceKinds.StorageNodes);
        services.TryAddSingleton<ResourceDecoder>();
        services.TryAddSingleton<EventRecorder>();
        services.TryAddSingleton<BlobStore>();
        services.TryAddSingleton<ReleaseService>();
        services.TryAddSingleton<AgentClient>();
        services.TryAddSingleton<EdgeClient>();
        services.TryAddSingleton<ClusterSnapshotReader>();
        services.TryAddSingleton(sp => LocalCertificateAuthority.LoadOrCreate(
            sp.GetRequiredService<ControlPlaneOptions>().CaDirectory, sp.GetRequiredService<TimeProvider>().GetUtcNow()));
        services.TryAddSingleton<CertificateService>();
        services.TryAddSingleton<DomainCertificateFiles>();
        services.TryAddSingleton<DomainService>();
        // Order matters within a pass: nodes first (moves instances off dead nodes), then apps (creates and
        // stops instances), then the scheduler (places what the app controller created).
        services.AddSingleton<IController, NodeLifecycleController>();
        services.AddSingleton<IController, AppController>();
        services.AddSingleton<IController, SchedulerController>();
        services.AddSingleton<IController, EventRetentionController>();
        services.AddSingleton<IController, BlobRetentionController>();
        services.AddSingleton<IController, DomainController>();
        services.AddSingleton<IController, AutoscaleController>();
        services.TryAddSingleton<AlertNotifier>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertNotifier>());
        services.AddSingleton<IController, AlertController>();
        services.AddHostedService<CertificateAuthorityStartup>();
        services.AddMetrics();
        services.TryAddSingleton(sp => MetricsCollector.ForHost(sp.GetRequiredService<IMeterFactory>()));
        services.TryAddSingleton<ControlPlaneMetrics>();
        services.TryAddSingleton<SeriesStore>();
        services.TryAddSingleton<ClusterScraper>();
        services.TryAddSingleton<Telemetry.Traces.ReceivedSpans>(_ => new Telemetry.Traces.ReceivedSpans());
        services.AddHostedService(sp => sp.GetRequiredService<ClusterScraper>());
        services.AddHostedService<ControllerHost>();
        services.AddHostedService<LeaseExpiryService>();
        services.AddProblemDetails();
        services.AddOpenApi("v1");
        return services;
    }

    private static void AddRepository<T>(IServiceCollection services, ResourceKind<T> kind)
        where T : class, IResource =>
        services.TryAddSingleton(sp => new ResourceRepository<T>(sp.GetRequiredService<IStateStore>(), kind, sp.GetRequiredService<TimeProvider>()));
}
