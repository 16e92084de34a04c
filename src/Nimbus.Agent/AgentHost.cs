using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Nimbus.Agent.Instances;
using Nimbus.Api.Hosting;
using Nimbus.Api.Telemetry;

namespace Nimbus.Agent;

/// <summary>One running node agent: its endpoint, its control loop and its instances. <c>nimbus agent</c> runs one;
/// <c>nimbus up</c> runs one per zone in its own process, through the very same API contracts.</summary>
public sealed class AgentHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AgentState _state;

    private AgentHost(WebApplication app, AgentState state)
    {
        _app = app;
        _state = state;
    }

    public string NodeName => _state.NodeName;
    public string Address => _state.Address;

    /// <summary>Completes when the node is registered with the control plane.</summary>
    public Task Registered => _state.Registered;

    public static async Task<AgentHost> StartAsync(AgentOptions options, Action<ILoggingBuilder> logging, CancellationToken ct)
    {
        var agentId = AgentIdentity.LoadOrCreate(options.DataDirectory);
        var name = options.Name.Length > 0 ? options.Name : $"{options.Zone}-{agentId[..6]}";
        var state = new AgentState(agentId, name);
        var builder = RoleWebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        logging(builder.Logging);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Parse(options.ListenAddress), options.Port));
        builder.Services.AddNodeAgent(options, state);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = options.ShutdownDrain + options.StopGrace + TimeSpan.FromSeconds(10));
        var app = builder.Build();
        AgentEndpoints.Map(app, options, app.Services.GetRequiredService<AgentPaths>(), app.Services.GetRequiredService<MetricsCollector>());
        app.Services.GetRequiredService<AgentMetrics>();
        await app.StartAsync(ct).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        state.MarkBound(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return new AgentHost(app, state);
    }

    /// <summary>Stops every instance gracefully (drain, SIGTERM, grace, SIGKILL) and the endpoint.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
