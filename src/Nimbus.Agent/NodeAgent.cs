using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nimbus.Agent.Cgroups;
using Nimbus.Agent.Instances;
using Nimbus.Api;
using Nimbus.Api.Client;
using Nimbus.Api.Resources;

namespace Nimbus.Agent;

/// <summary>The agent's control loop. It talks to the control plane only through the HTTP API: registers its
/// node, heartbeats, and follows (list + watch) the instances assigned to it.</summary>
internal sealed partial class NodeAgent(
    NimbusClient client,
    InstanceManager instances,
    AgentOptions options,
    AgentState state,
    ICgroupDriver cgroups,
    TimeProvider time,
    ILogger<NodeAgent> logger) : BackgroundService
{
    // At most AgentOptions.HeartbeatInterval, sooner when the control plane's NotReady timeout asks for it.
    private TimeSpan _heartbeatInterval = options.HeartbeatInterval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await state.Bound.WaitAsync(stoppingToken).ConfigureAwait(false);
        if (instances.KillLeftovers() is > 0 and var killed)
        {
            LogLeftoversKilled(killed);
        }
        await RegisterAsync(stoppingToken).ConfigureAwait(false);
        var reporter = instances.RunReporterAsync(stoppingToken);
        var heartbeat = HeartbeatAsync(stoppingToken);
        var follow = FollowInstancesAsync(stoppingToken);
        try
        {
            await Task.WhenAll(reporter, heartbeat, follow).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private Node Describe() => new()
    {
        Metadata = new ObjectMeta { Name = state.NodeName, Labels = { ["zone"] = options.Zone } },
        Spec = new NodeSpec
        {
            Region = options.Region,
            Zone = options.Zone,
            Address = state.Address,
            AgentId = state.AgentId,
            Capacity = options.Capacity ?? MachineResources.Share(options.MachineShare),
        },
        Status = new NodeStatus { Limits = cgroups.Description },
    };

    private async Task RegisterAsync(CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                var node = await client.RegisterNodeAsync(Describe(), ct).ConfigureAwait(false);
                if (node.Status.HeartbeatInterval is { } wanted && wanted > TimeSpan.Zero)
                {
                    _heartbeatInterval = wanted < options.HeartbeatInterval ? wanted : options.HeartbeatInterval;
                }
                LogRegistered(node.Metadata.Name, node.Spec.Zone, node.Spec.Capacity.ToString());
                state.MarkRegistered();
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or NimbusApiException && !ct.IsCancellationRequested)
            {
                LogRegisterFailed(client.BaseAddress.ToString(), ex.Message);
                await Task.Delay(delay, time, ct).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    private async Task HeartbeatAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_heartbeatInterval, time);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            timer.Period = _heartbeatInterval;
            try
            {
                await client.PutNodeStatusAsync(state.NodeName, new NodeStatus { Phase = NodePhase.Ready, Limits = cgroups.Description }, ct).ConfigureAwait(false);
            }
            catch (NimbusApiException ex) when (ex.Status == HttpStatusCode.NotFound)
            {
                await RegisterAsync(ct).ConfigureAwait(false);
                instances.ReportAll();
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // Whatever went wrong, the next beat tries again: a dead heartbeat loop would cost the node its instances.
                LogHeartbeatFailed(ex.Message);
            }
        }
    }

    /// <summary>List then watch from the list's revision; on any break, list again (level-triggered, so nothing is missed).</summary>
    private async Task FollowInstancesAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var list = await client.ListAsync("instances", NimbusJson.Default.ResourceListInstance, ct, node: state.NodeName).ConfigureAwait(false);
                var desired = list.Items.ToDictionary(i => i.Metadata.Name, StringComparer.Ordinal);
                instances.Reconcile(new Dictionary<string, Instance>(desired, StringComparer.Ordinal), ct);
                instances.ReportAll();
                await foreach (var change in client.WatchAsync(list.Revision, "instances", ct).ConfigureAwait(false))
                {
                    if (change.Type == "bookmark" || change.Object is not { } json)
                    {
                        continue;
                    }
                    var instance = json.Deserialize(NimbusJson.Default.Instance)!;
                    var mine = instance.Spec.Node == state.NodeName;
                    if (change.Type == "delete" || !mine)
                    {
                        if (!desired.Remove(change.Name))
                        {
                            continue;
                        }
                    }
                    else
                    {
                        desired[change.Name] = instance;
                    }
                    instances.Reconcile(new Dictionary<string, Instance>(desired, StringComparer.Ordinal), ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                LogWatchBroken(ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(500), time, ct).ConfigureAwait(false);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        // Tell the control plane first, so it moves instances away instead of waiting for the heartbeat timeout.
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.PutNodeStatusAsync(state.NodeName, new NodeStatus { Phase = NodePhase.NotReady, Limits = cgroups.Description, Message = "agent stopped" }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or NimbusApiException or OperationCanceledException)
        {
        }
        await instances.DisposeAsync().ConfigureAwait(false);
    }
}
