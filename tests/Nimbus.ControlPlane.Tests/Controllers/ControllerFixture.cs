using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Controllers;
using Nimbus.ControlPlane.Events;
using Nimbus.ControlPlane.Resources;
using Nimbus.ControlPlane.State;

namespace Nimbus.ControlPlane.Tests.Controllers;

/// <summary>The controllers over a real SQLite store in a temp dir, with a clock the test moves.</summary>
internal sealed class ControllerFixture : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nimbus-ctl-").FullName;

    public ControllerFixture()
    {
        Store = SqliteStateStore.Open(Path.Combine(_dir, "state.db"), Time);
        Nodes = new ResourceRepository<Node>(Store, ResourceKinds.Nodes, Time);
        Apps = new ResourceRepository<App>(Store, ResourceKinds.Apps, Time);
        Releases = new ResourceRepository<Release>(Store, ResourceKinds.Releases, Time);
        Instances = new ResourceRepository<Instance>(Store, ResourceKinds.Instances, Time);
        Events = new ResourceRepository<Event>(Store, ResourceKinds.Events, Time);
        Alerts = new ResourceRepository<Alert>(Store, ResourceKinds.Alerts, Time);
        Recorder = new EventRecorder(Events, Time);
        var recorder = Recorder;
        Options = new ControlPlaneOptions { NodeTimeout = TimeSpan.FromSeconds(10) };
        Reader = new ClusterSnapshotReader(Nodes, Apps, Releases, Instances, Time);
        Controllers =
        [
            new NodeLifecycleController(Nodes, Instances, recorder, Options, Time),
            new AppController(Apps, Releases, Instances, recorder),
            new SchedulerController(Instances),
        ];
    }

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    public SqliteStateStore Store { get; }
    public ResourceRepository<Node> Nodes { get; }
    public ResourceRepository<App> Apps { get; }
    public ResourceRepository<Release> Releases { get; }
    public ResourceRepository<Instance> Instances { get; }
    public ResourceRepository<Event> Events { get; }
    public ResourceRepository<Alert> Alerts { get; }
    public EventRecorder Recorder { get; }
    public ControlPlaneOptions Options { get; }
    public ClusterSnapshotReader Reader { get; }
    public IController[] Controllers { get; }

    /// <summary>Runs passes until nothing changes (a store revision that stays put), like the host does.</summary>
    public async Task SettleAsync()
    {
        for (var pass = 0; pass < 50; pass++)
        {
            var before = Store.Revision;
            var snapshot = await Reader.ReadAsync(default);
            foreach (var controller in Controllers)
            {
                await controller.ReconcileAsync(snapshot, default);
            }
            if (Store.Revision == before)
            {
                return;
            }
        }
        throw new InvalidOperationException("controllers did not settle in 50 passes");
    }

    public async Task AddNodeAsync(string name, string zone)
    {
        await Nodes.CreateAsync(new Node
        {
            Metadata = new ObjectMeta { Name = name },
            Spec = new NodeSpec { Zone = zone, Address = "http://127.0.0.1:1", Capacity = new ComputeResources(4000, 8L << 30) },
            Status = new NodeStatus { Phase = NodePhase.Ready, Heartbeat = Time.GetUtcNow() },
        }, default);
    }

    /// <summary>Makes release vN of "web" the target at <paramref name="instances"/>.</summary>
    public async Task ReleaseAsync(int version, int instances, AppManifest? manifest = null)
    {
        var app = await Apps.GetAsync("default", "web", default) ?? new App { Metadata = new ObjectMeta { Name = "web" } };
        app.Spec.Instances = instances;
        app.Spec.Release = $"v{version}";
        app.Status.LatestVersion = version;
        var release = new Release
        {
            Metadata = new ObjectMeta { Name = Release.ResourceName("web", version) },
            Spec = new ReleaseSpec { App = "web", Version = version, Bundle = "sha256:" + new string('a', 64), Manifest = manifest ?? new AppManifest { Run = "serve" } },
        };
        await Store.TxnAsync([app.Metadata.ResourceVersion == 0 ? Apps.CreateOp(app) : Apps.UpdateOp(app), Releases.CreateOp(release)], default);
    }

    /// <summary>Plays the agent: every placed instance not asked to stop becomes ready; stopped ones report Stopped.</summary>
    public async Task AgentRunsEverythingAsync(Func<Instance, bool>? becomesReady = null)
    {
        var (all, _) = await Instances.ListAsync("default", default);
        foreach (var instance in all.Where(i => i.Spec.Node.Length > 0))
        {
            await Instances.MutateAsync("default", instance.Metadata.Name, i =>
            {
                if (i.Spec.Stop)
                {
                    i.Status = new InstanceStatus { Phase = InstancePhase.Stopped };
                }
                else if (becomesReady?.Invoke(i) ?? true)
                {
                    i.Status = new InstanceStatus { Phase = InstancePhase.Running, Ready = true, EverReady = true, StartedAt = Time.GetUtcNow() };
                }
                return true;
            }, default);
        }
    }

    public async Task<List<Instance>> InstancesAsync() => (await Instances.ListAsync("default", default)).Items;

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
