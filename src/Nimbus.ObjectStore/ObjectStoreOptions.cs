using Nimbus.ObjectStore.Replication;

namespace Nimbus.ObjectStore;

/// <summary>One object-store node: where its data lives, where it listens, and the control plane it follows for keys.</summary>
public sealed class ObjectStoreOptions
{
    /// <summary>Metadata database, chunk files and the master key live here.</summary>
    public string DataDirectory { get; set; } = "";

    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port.</summary>
    public int Port { get; set; } = 9000;

    /// <summary>The region clients sign for and GetBucketLocation reports.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Host suffixes for virtual-hosted-style requests (<c>BUCKET.s3.localhost</c>).</summary>
    public IReadOnlyList<string> VirtualHostDomains { get; set; } = ["s3.localhost"];

    public Uri? ControlPlane { get; set; }

    public string Token { get; set; } = "";

    /// <summary>Largest single PUT (S3: 5 GiB); larger objects go through multipart upload.</summary>
    public long MaxPutBytes { get; set; } = 5L * 1024 * 1024 * 1024;

    /// <summary>The zone this node is in; chunk copies go to distinct zones first.</summary>
    public string Zone { get; set; } = "local-a";

    /// <summary>Port of the peer listener (the chunk API other storage nodes use; 0 picks a free one). Null: no peer
    /// listener and no replication (a node on its own). Needs <see cref="ControlPlane"/>, where nodes find each other.</summary>
    public int? PeerPort { get; set; }

    /// <summary>False for a peer-only storage node: it keeps chunk copies (and a metadata copy) for others and serves no S3.</summary>
    public bool ServeS3 { get; set; } = true;

    /// <summary>The metadata node: S3 writes are committed here, and the other storage nodes follow its change log.
    /// False on a follower, which serves S3 reads from its copy and passes writes on to the metadata node.</summary>
    public bool MetadataNode { get; set; } = true;

    public ReplicationOptions Replication { get; set; } = new();

    /// <summary>How long requests in flight may finish when the node stops.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(5);
}
