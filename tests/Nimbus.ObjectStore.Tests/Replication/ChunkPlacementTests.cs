using Nimbus.ObjectStore.Replication;

namespace Nimbus.ObjectStore.Tests.Replication;

public sealed class ChunkPlacementTests
{
    private static readonly StorageNodeInfo Local = FixedNodes.Node("sn-00000000000a", "z1");

    private static StorageNodeSet Set(params StorageNodeInfo[] nodes)
    {
        var set = StorageNodeSet.Empty.With(Local);
        foreach (var node in nodes)
        {
            set = set.With(node);
        }
        return set;
    }

    [Fact]
    public void Choose_ThreeZones_LocalFirstThenOnePerOtherZone()
    {
        var nodes = Set(FixedNodes.Node("sn-00000000000b", "z1"), FixedNodes.Node("sn-00000000000c", "z2"), FixedNodes.Node("sn-00000000000d", "z3"));

        for (var i = 0; i < 50; i++)
        {
            var chosen = ChunkPlacement.Choose(Nimbus.ObjectStore.Engine.Data.ChunkIds.New(), Local, nodes, 3);

            Assert.Equal(3, chosen.Count);
            Assert.Equal(Local, chosen[0]);
            Assert.Equal(["z1", "z2", "z3"], chosen.Select(n => n.Zone).Order());
        }
    }

    [Fact]
    public void Choose_FewerZonesThanReplicas_FillsWithDistinctNodes()
    {
        var nodes = Set(FixedNodes.Node("sn-00000000000b", "z1"), FixedNodes.Node("sn-00000000000c", "z2"));

        var chosen = ChunkPlacement.Choose("0123456789abcdef0123456789abcdef", Local, nodes, 3);

        Assert.Equal(3, chosen.Select(n => n.Id).Distinct().Count());
        Assert.Equal("z2", chosen[1].Zone); // the other zone before a second node of the local zone
    }

    [Fact]
    public void Choose_DeadNodeInItsOwnZone_IsStillChosenAfterLiveOnes()
    {
        var nodes = Set(FixedNodes.Node("sn-00000000000b", "z2"), FixedNodes.Node("sn-00000000000c", "z3", alive: false));

        var chosen = ChunkPlacement.Choose("0123456789abcdef0123456789abcdef", Local, nodes, 3);

        Assert.Equal(["sn-00000000000a", "sn-00000000000b", "sn-00000000000c"], chosen.Select(n => n.Id));
    }

    [Fact]
    public void Choose_SameChunk_SameNodesEveryTime_AndChunksSpreadOverAZone()
    {
        var nodes = Set(FixedNodes.Node("sn-00000000000b", "z2"), FixedNodes.Node("sn-00000000000c", "z2"));
        var picks = new Dictionary<string, int>();
        for (var i = 0; i < 200; i++)
        {
            var id = Nimbus.ObjectStore.Engine.Data.ChunkIds.New();
            var first = ChunkPlacement.Choose(id, Local, nodes, 2);
            Assert.Equal(first.Select(n => n.Id), ChunkPlacement.Choose(id, Local, nodes, 2).Select(n => n.Id));
            picks[first[1].Id] = picks.GetValueOrDefault(first[1].Id) + 1;
        }

        Assert.Equal(2, picks.Count);
        Assert.All(picks.Values, count => Assert.InRange(count, 60, 140));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    public void Quorum_IsAMajority(int replicas, int quorum) => Assert.Equal(quorum, ChunkPlacement.Quorum(replicas));

    [Fact]
    public void ReplicasForNewBucket_CountsLiveZonesUpToThree()
    {
        Assert.Equal(1, StorageNodeSet.Empty.ReplicasForNewBucket);
        Assert.Equal(2, Set(FixedNodes.Node("sn-00000000000b", "z2"), FixedNodes.Node("sn-00000000000c", "z3", alive: false)).ReplicasForNewBucket);
        Assert.Equal(3, Set(FixedNodes.Node("sn-00000000000b", "z2"), FixedNodes.Node("sn-00000000000c", "z3"), FixedNodes.Node("sn-00000000000d", "z4")).ReplicasForNewBucket);
    }
}
