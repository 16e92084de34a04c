using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.Replication;

namespace Nimbus.ObjectStore.Tests.Replication;

/// <summary>The metadata node's write quorum and trim point over its followers' acknowledgements.</summary>
public sealed class MetadataAcksTests
{
    private const string A = "sn-00000000000a", B = "sn-00000000000b", C = "sn-00000000000c";
    private readonly FixedNodes _nodes = new();
    private readonly MetadataAcks _acks;

    public MetadataAcksTests()
    {
        _nodes.Set(FixedNodes.Node(A, "zone-a"), FixedNodes.Node(B, "zone-b"), FixedNodes.Node(C, "zone-c"));
        _acks = new MetadataAcks(new NodeIdentity(A, "zone-a", metadata: true), _nodes,
            new ReplicationOptions { MetadataQuorumTimeout = TimeSpan.FromSeconds(30) }, TimeProvider.System);
    }

    [Fact]
    public async Task Write_IsConfirmedByOneFollowerOfThree_NotBeforeIt()
    {
        Assert.Equal(2, _acks.Required);
        var waiting = _acks.WaitAsync(10, default).AsTask();
        _acks.Acknowledge(B, 9);
        Assert.False(waiting.IsCompleted);
        _acks.Acknowledge(C, 10);
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Write_WithoutEnoughConfirmations_FailsWithAQuorumError()
    {
        var acks = new MetadataAcks(new NodeIdentity(A, "zone-a", metadata: true), _nodes,
            new ReplicationOptions { MetadataQuorumTimeout = TimeSpan.FromMilliseconds(100) }, TimeProvider.System);
        acks.Acknowledge(B, 3);
        var error = await Assert.ThrowsAsync<ReplicationQuorumException>(() => acks.WaitAsync(4, default).AsTask());
        Assert.Contains("1 of the 2", error.Message);
    }

    [Fact]
    public void FullCopy_ConfirmsNothing_ButHoldsTheTrimPoint()
    {
        _acks.Acknowledge(B, 50);
        Assert.Null(_acks.LeastApplied); // C not heard from yet: nothing may be trimmed for it
        _acks.StartedOver(C, 40);
        Assert.Equal(40, _acks.LeastApplied);
        Assert.Equal(2, _acks.Confirmed(41)); // the metadata node and B; C, being copied, confirms nothing
        Assert.Equal(1, _acks.Confirmed(51)); // the metadata node alone
        _acks.Acknowledge(C, 45);
        Assert.Equal(45, _acks.LeastApplied);
    }

    [Fact]
    public void NodeOnItsOwn_NeedsNoConfirmation()
    {
        _nodes.Set(FixedNodes.Node(A, "zone-a"));
        Assert.Equal(1, _acks.Required);
        Assert.True(_acks.WaitAsync(99, default).IsCompletedSuccessfully);
    }
}
