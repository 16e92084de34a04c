using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nimbus.Agent.Cgroups;
using Nimbus.Agent.Instances;
using Nimbus.Agent.Logs;
using Nimbus.Agent.Releases;
using Nimbus.Agent.Runtime;
using Nimbus.Api.Client;
using Nimbus.Api.Telemetry;

namespace Nimbus.Agent;

internal static class AgentServiceCollectionExtensions
{
    /// <summary>The node agent role.</summary>
    public static IServiceCollection AddNodeAgent(this IServiceCollection services, AgentOptions options, AgentState state)
    {
        services.TryAddSingleton(options);
        services.TryAddSingleton(state);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new AgentPaths(options.DataDirectory, state.AgentId, needsWorldTraversable: AppUser.Resolve() is not null));
        services.TryAddSingleton<ICgroupDriver>(_ => CgroupDriver.Detect());
        services.TryAddSingleton(_ => new NimbusClient(options.JoinUrl, options.Token));
        services.TryAddSingleton<ReleaseCache>();
        services.TryAddSingleton<InstanceManager>();
        services.AddMetrics();
        services.TryAddSingleton(sp => MetricsCollector.ForHost(sp.GetRequiredService<IMeterFactory>()));
        services.TryAddSingleton<AgentMetrics>();
        services.AddHostedService<NodeAgent>();
        services.AddHostedService<LogRetention>();
        return services;
    }
}
