using System.Text.Json.Serialization.Metadata;
using Nimbus.Api.Resources;

namespace Nimbus.ControlPlane.Api;

/// <summary>
/// How one kind of leased node (edges, storage nodes) registers: the parts that differ between kinds. The lease,
/// holder and own-address rules are the same for every kind and live in <see cref="LeasedNodeEndpoints"/>.
/// </summary>
internal sealed class LeasedNodeRegistration<T>
    where T : class, IResource
{
    /// <summary>Singular kind name in routes, problems and event objects ("edge", "storagenode").</summary>
    public required string Singular { get; init; }

    /// <summary>Prefix of event reasons ("Edge" → EdgeRegistered / EdgeLeft).</summary>
    public required string EventPrefix { get; init; }

    public required JsonTypeInfo<T> TypeInfo { get; init; }

    /// <summary>Every problem with the record (field → messages), not counting the own-address rule.</summary>
    public required Func<T, Dictionary<string, string[]>> Validate { get; init; }

    public required Func<T, string> Holder { get; init; }

    public required Func<T, long> Lease { get; init; }

    /// <summary>The field holding the URL the control plane (and other nodes) will send the cluster token to, and its value.</summary>
    public required Func<T, (string Field, string Url)> OwnUrl { get; init; }

    /// <summary>Fills the status of a (re-)registered record: lease, registration time, heartbeat interval.</summary>
    public required Action<T, long, DateTimeOffset, TimeSpan> SetStatus { get; init; }

    /// <summary>The message of the 409 when another live process holds the name.</summary>
    public required Func<T, string, TimeSpan, string> HeldElsewhere { get; init; }

    /// <summary>The event message when a node joins.</summary>
    public required Func<T, string> Joined { get; init; }
}
