using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Scheduling;

namespace Nimbus.ControlPlane.Tests.Scheduling;

public sealed class PlacementTests
{
    private static readonly ComputeResources Small = new(250, 128L << 20);

    private static Node NodeIn(string name, string zone, long cpu = 1000, long memory = 1L << 30, string phase = NodePhase.Ready) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new NodeSpec { Zone = zone, Capacity = new ComputeResources(cpu, memory) },
        Status = new NodeStatus { Phase = phase },
    };

    private static Instance InstanceOf(string app, string name, string node = "", string zone = "", ComputeResources? resources = null) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new InstanceSpec { App = app, Node = node, Zone = zone, Resources = resources ?? Small },
    };

    [Fact]
    public void Choose_SpreadsAcrossZonesBeforeNodes()
    {
        var nodes = new[] { NodeIn("a1", "a"), NodeIn("a2", "a"), NodeIn("b1", "b") };
        var placed = new List<Instance> { InstanceOf("web", "web-1", "a1", "a") };

        var choice = Placement.Choose(InstanceOf("web", "web-2"), nodes, placed);

        Assert.Equal("b1", choice.Node?.Metadata.Name);
    }

    [Fact]
    public void Choose_WithinAZone_PrefersTheNodeWithFewerOfTheApp()
    {
        var nodes = new[] { NodeIn("a1", "a"), NodeIn("a2", "a"), NodeIn("b1", "b") };
        var placed = new List<Instance>
        {
            InstanceOf("web", "web-1", "a1", "a"),
            InstanceOf("web", "web-2", "b1", "b"),
        };

        var choice = Placement.Choose(InstanceOf("web", "web-3"), nodes, placed);

        Assert.Equal("a2", choice.Node?.Metadata.Name);
    }

    [Fact]
    public void Choose_FourInstancesOverTwoZones_PutsTwoInEach()
    {
        var nodes = new[] { NodeIn("a1", "a"), NodeIn("b1", "b") };
        var placed = new List<Instance>();
        for (var i = 0; i < 4; i++)
        {
            var instance = InstanceOf("web", $"web-{i}");
            var node = Placement.Choose(instance, nodes, placed).Node!;
            instance.Spec.Node = node.Metadata.Name;
            instance.Spec.Zone = node.Spec.Zone;
            placed.Add(instance);
        }
        Assert.Equal(2, placed.Count(i => i.Spec.Zone == "a"));
        Assert.Equal(2, placed.Count(i => i.Spec.Zone == "b"));
    }

    [Fact]
    public void Choose_SkipsNodesWithoutRoomAndNotReadyNodes()
    {
        var nodes = new[] { NodeIn("full", "a", cpu: 300), NodeIn("down", "b", phase: NodePhase.NotReady), NodeIn("roomy", "c") };
        var placed = new List<Instance> { InstanceOf("other", "o-1", "full", "a") };

        var choice = Placement.Choose(InstanceOf("web", "web-1"), nodes, placed);

        Assert.Equal("roomy", choice.Node?.Metadata.Name);
    }

    [Fact]
    public void Choose_WhenNothingFits_StaysPendingWithTheReason()
    {
        var nodes = new[] { NodeIn("a1", "a", cpu: 1000, memory: 256L << 20) };
        var big = InstanceOf("web", "web-1", resources: new ComputeResources(500, 512L << 20));

        var choice = Placement.Choose(big, nodes, []);

        Assert.Null(choice.Node);
        Assert.Contains("no Ready node has", choice.Reason);
        Assert.Contains("a1 has", choice.Reason);
    }

    [Fact]
    public void Choose_WithNoNodes_SaysHowToAddOne()
    {
        var choice = Placement.Choose(InstanceOf("web", "web-1"), [], []);
        Assert.Contains("nimbus agent", choice.Reason);
    }

    [Fact]
    public void Free_IgnoresInstancesThatFinishedStopping()
    {
        var node = NodeIn("a1", "a");
        var stopped = InstanceOf("web", "web-1", "a1", "a");
        stopped.Spec.Stop = true;
        stopped.Status.Phase = InstancePhase.Stopped;
        var running = InstanceOf("web", "web-2", "a1", "a");

        var free = Placement.Free(node, [stopped, running]);

        Assert.Equal(750, free.CpuMillis);
    }
}
