namespace Nimbus.Bench.S3Load;

/// <summary>The few S3 requests the modes make, behind one interface so the same load runs through the AWS SDK
/// (<c>--client sdk</c>) or through the raw HTTP client (<c>--client raw</c>) and only the client's cost differs.</summary>
/// <remarks>A request the server refuses throws; the modes count it as an error.</remarks>
internal interface IObjectClient : IDisposable
{
    /// <summary>Creates the bucket, or finds it already there (from an earlier run): both are success.</summary>
    Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken);

    /// <summary>PUTs <paramref name="payload"/> whole. Callers pass the same buffer every time, and must not change
    /// its contents: a client may compute its payload hash once per buffer.</summary>
    Task PutAsync(string bucket, string key, byte[] payload, CancellationToken cancellationToken);

    /// <summary>GETs the object, reading its body into <paramref name="drain"/> over and over; returns the bytes read.</summary>
    Task<long> GetAsync(string bucket, string key, byte[] drain, CancellationToken cancellationToken);

    /// <summary>HEADs the object: its length, or null when it does not exist.</summary>
    Task<long?> GetLengthAsync(string bucket, string key, CancellationToken cancellationToken);

    /// <summary>One ListObjectsV2 page.</summary>
    Task<ListPageResult> ListPageAsync(string bucket, string? prefix, int maxKeys, string? continuationToken,
        CancellationToken cancellationToken);
}
