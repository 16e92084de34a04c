namespace Nimbus.ObjectStore.Engine;

/// <summary>Settings of the node's object engine.</summary>
internal sealed class ObjectEngineOptions
{
    /// <summary>Where the metadata database (<c>meta.db</c>) lives.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>Most operations committed in one transaction (one fsync); more wait for the next batch.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>S3's minimum size of every part but the last (5 MiB).</summary>
    public long MinimumPartSize { get; set; } = 5L * 1024 * 1024;

    /// <summary>How long after a commit the data of the versions it replaced is released (a GET that looked one up
    /// just before may still be about to open it).</summary>
    public TimeSpan ReleaseGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Copies of each chunk a bucket created now gets (<see cref="BucketSettings.Replicas"/>).</summary>
    public Func<int> NewBucketReplicas { get; set; } = static () => 1;

    /// <summary>Copies that confirm each committed change before its caller is answered; null: this node's own commit is enough.</summary>
    public IMetadataQuorum? Quorum { get; set; }

    /// <summary>Reader connections kept open between requests.</summary>
    public int MaxIdleReaders { get; set; } = 8;
}
