using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.ObjectStore.Checksums;
using Nimbus.ObjectStore.Engine.Data;
using Nimbus.ObjectStore.Engine.Metadata;

namespace Nimbus.ObjectStore.Engine;

/// <summary>
/// The node's object engine: metadata in one SQLite database (<see cref="MetadataDatabase"/>), bytes in an
/// <see cref="IDataStore"/>. Every mutation is an operation queued to the group-commit writer
/// (<see cref="MetadataWriter"/>); reads go to pooled reader connections and never wait for it.
/// </summary>
internal sealed partial class ObjectEngine : IObjectEngine
{
    private readonly IDataStore _data;
    private readonly MetadataWriter _writer;
    private readonly MetadataReaderPool _readers;
    private readonly ObjectEngineOptions _options;
    private readonly ILogger _logger;
    private int _disposed;

    private ObjectEngine(IDataStore data, MetadataWriter writer, MetadataReaderPool readers, ObjectEngineOptions options, ILogger logger)
    {
        _data = data;
        _writer = writer;
        _readers = readers;
        _options = options;
        _logger = logger;
    }

    /// <summary>Opens (creating if needed) the metadata in <see cref="ObjectEngineOptions.DataDirectory"/>. The engine owns <paramref name="data"/> and disposes it.</summary>
    public static ObjectEngine Open(ObjectEngineOptions options, IDataStore data, TimeProvider? time = null, ILogger<ObjectEngine>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.DataDirectory);
        time ??= TimeProvider.System;
        ILogger log = logger ?? (ILogger)NullLogger.Instance;
        var transaction = new MetadataTransaction(new CommandCache(MetadataDatabase.OpenWriter(options.DataDirectory)), new VersionIds(time));
        var writer = new MetadataWriter(transaction, data, time, log, options.MaxBatchSize, options.ReleaseGrace);
        var engine = new ObjectEngine(data, writer, new MetadataReaderPool(options.DataDirectory, options.MaxIdleReaders), options, log);
        LogOpened(log, options.DataDirectory);
        return engine;
    }

    /// <summary>Transactions the writer committed: with group commit, far fewer than the writes.</summary>
    internal long CommitCount => _writer.Batches;

    /// <summary>Write operations answered.</summary>
    internal long WriteCount => _writer.Operations;

    /// <summary>
    /// Every chunk id the committed metadata refers to (versions and stored parts). Call at start, before serving
    /// writes, and give the set to the data store's orphan sweep: staged data not yet committed is not in it.
    /// </summary>
    internal HashSet<string> CollectReferencedChunkIds()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        using var lease = _readers.Rent();
        lease.Reader.CollectLayouts(layout => _data.CollectChunkIds(layout, ids));
        return ids;
    }

    // Buckets

    public ValueTask<EngineStatus> CreateBucketAsync(string name, string owner, CancellationToken cancellationToken) =>
        Write(new CreateBucketOperation(name, owner, BucketSettings.Default with { Replicas = Math.Max(1, _options.NewBucketReplicas()) }), cancellationToken);

    public ValueTask<EngineStatus> DeleteBucketAsync(string name, CancellationToken cancellationToken) =>
        Write(new DeleteBucketOperation(name), cancellationToken);

    public BucketInfo? GetBucket(string name) => _writer.Catalog.TryGet(name, out var entry) ? entry.Info : null;

    public IReadOnlyList<BucketInfo> ListBuckets(string owner) => _writer.Catalog.ForOwner(owner);

    public ValueTask<EngineStatus> UpdateBucketAsync(string name, Func<BucketSettings, BucketSettings> update, CancellationToken cancellationToken) =>
        Write(new UpdateBucketOperation(name, update), cancellationToken);

    // Data

    public async ValueTask<StagedData> StageAsync(Stream body, StageOptions options, CancellationToken cancellationToken)
    {
        var staged = await _data.StageAsync(body, options, cancellationToken).ConfigureAwait(false);
        staged.Encryption = options.Encryption.Kind;
        staged.CustomerKeyMd5 = CreateUploadOperation.CustomerKeyMd5(options.Encryption);
        return staged;
    }

    public ValueTask<WriteOutcome> CommitObjectAsync(string bucket, string key, StagedData data, ObjectAttributes attributes, WritePreconditions preconditions, CancellationToken cancellationToken) =>
        Write(new CommitObjectOperation(bucket, key, data, attributes, preconditions), cancellationToken);

    public ValueTask<ObjectLookup> GetObjectAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken)
    {
        if (!_writer.Catalog.TryGet(bucket, out var entry))
        {
            return new(new ObjectLookup(EngineStatus.NoSuchBucket, null));
        }
        using var lease = _readers.Rent();
        return new(lease.Reader.Get(entry.Id, bucket, key, versionId));
    }

    public EngineStatus OpenRead(ObjectVersion version, long offset, long length, EncryptionSpec key, out Stream? stream)
    {
        stream = null;
        if (version.Layout is not byte[] layout)
        {
            return version.IsDeleteMarker ? EngineStatus.DeleteMarker : EngineStatus.NoSuchKey;
        }
        if (version.Encryption == EncryptionKind.CustomerKey && key.Kind != EncryptionKind.CustomerKey)
        {
            return EngineStatus.EncryptionKeyMismatch;
        }
        return _data.OpenRead(layout, offset, length, key, out stream);
    }

    public ValueTask<DeleteOutcome> DeleteObjectAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken) =>
        Write(new DeleteObjectOperation(bucket, key, versionId), cancellationToken);

    public ValueTask<EngineStatus> SetTagsAsync(string bucket, string key, string? versionId, IReadOnlyList<KeyValuePair<string, string>> tags, CancellationToken cancellationToken) =>
        Write(new SetTagsOperation(bucket, key, versionId, tags), cancellationToken);

    // Listing

    public ValueTask<ListPage> ListObjectsAsync(ListQuery query, CancellationToken cancellationToken)
    {
        if (!_writer.Catalog.TryGet(query.Bucket, out var entry))
        {
            return new(new ListPage(EngineStatus.NoSuchBucket, [], [], false, null));
        }
        using var lease = _readers.Rent();
        return new(lease.Reader.InSnapshot(static (commands, arg) => ObjectListing.List(commands, arg.Id, arg.Query), (entry.Id, Query: query)));
    }

    public ValueTask<VersionPage> ListVersionsAsync(VersionQuery query, CancellationToken cancellationToken)
    {
        if (!_writer.Catalog.TryGet(query.Bucket, out var entry))
        {
            return new(new VersionPage(EngineStatus.NoSuchBucket, [], [], false, null, null));
        }
        using var lease = _readers.Rent();
        return new(lease.Reader.InSnapshot(static (commands, arg) => VersionListing.List(commands, arg.Id, arg.Query), (entry.Id, Query: query)));
    }

    // Multipart

    public ValueTask<UploadOutcome> CreateUploadAsync(string bucket, string key, ObjectAttributes attributes, ChecksumAlgorithm checksum, ChecksumType checksumType, EncryptionSpec encryption, CancellationToken cancellationToken) =>
        Write(new CreateUploadOperation(bucket, key, attributes, checksum, checksumType, encryption), cancellationToken);

    public ValueTask<UploadOutcome> GetUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken)
    {
        if (!_writer.Catalog.TryGet(bucket, out var entry))
        {
            return new(new UploadOutcome(EngineStatus.NoSuchBucket, null));
        }
        using var lease = _readers.Rent();
        var upload = lease.Reader.FindUpload(entry.Id, key, uploadId);
        return new(upload is null ? new UploadOutcome(EngineStatus.NoSuchUpload, null) : new UploadOutcome(EngineStatus.Ok, upload.ToUpload(bucket)));
    }

    public ValueTask<PartOutcome> CommitPartAsync(string bucket, string key, string uploadId, int partNumber, StagedData data, CancellationToken cancellationToken) =>
        Write(new CommitPartOperation(bucket, key, uploadId, partNumber, data), cancellationToken);

    public ValueTask<WriteOutcome> CompleteUploadAsync(string bucket, string key, string uploadId, IReadOnlyList<CompletedPart> parts, string? expectedChecksum, WritePreconditions preconditions, CancellationToken cancellationToken) =>
        Write(new CompleteUploadOperation(bucket, key, uploadId, parts, expectedChecksum, preconditions, _data, _options.MinimumPartSize), cancellationToken);

    public ValueTask<EngineStatus> AbortUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken) =>
        Write(new AbortUploadOperation(bucket, key, uploadId), cancellationToken);

    public ValueTask<PartsPage> ListPartsAsync(string bucket, string key, string uploadId, int partNumberMarker, int maxParts, CancellationToken cancellationToken)
    {
        if (!_writer.Catalog.TryGet(bucket, out var entry))
        {
            return new(new PartsPage(EngineStatus.NoSuchBucket, null, [], false, 0));
        }
        using var lease = _readers.Rent();
        return new(lease.Reader.InSnapshot(static (commands, arg) => arg.Reader.FindUpload(arg.Id, arg.key, arg.uploadId) is { } upload
            ? arg.Reader.ListParts(upload, arg.bucket, arg.partNumberMarker, arg.maxParts)
            : new PartsPage(EngineStatus.NoSuchUpload, null, [], false, 0), (lease.Reader, entry.Id, key, uploadId, bucket, partNumberMarker, maxParts)));
    }

    public ValueTask<UploadsPage> ListUploadsAsync(UploadsQuery query, CancellationToken cancellationToken)
    {
        if (!_writer.Catalog.TryGet(query.Bucket, out var entry))
        {
            return new(new UploadsPage(EngineStatus.NoSuchBucket, [], [], false, null, null));
        }
        using var lease = _readers.Rent();
        return new(lease.Reader.InSnapshot(static (commands, arg) => UploadListing.List(commands, arg.Id, arg.Query), (entry.Id, Query: query)));
    }

    /// <summary>
    /// Queues a mutation. Once queued it runs whatever happens to the caller: cancelling stops the wait, not the write
    /// (a PUT whose client gave up may still land, as in S3).
    /// </summary>
    private ValueTask<T> Write<T>(WriteOperation<T> operation, CancellationToken cancellationToken)
    {
        var task = _writer.Enqueue(operation);
        if (_options.Quorum is { } quorum)
        {
            return Confirmed(task, operation, quorum, cancellationToken);
        }
        return new ValueTask<T>(task.IsCompleted || !cancellationToken.CanBeCanceled ? task : task.WaitAsync(cancellationToken));
    }

    /// <summary>The answer once enough copies of the metadata have the batch it committed in.</summary>
    private static async ValueTask<T> Confirmed<T>(Task<T> task, WriteOperation<T> operation, IMetadataQuorum quorum, CancellationToken cancellationToken)
    {
        var result = await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        // Seq 0 too: a write from before the log was kept reaches a follower only with its first copy, and a follower
        // is counted only once it has one.
        await quorum.WaitAsync(operation.CommitSeq, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public long CommittedSeq => _writer.Changes.Seq;

    public long ChangeLogId => _writer.ChangeLogId;

    /// <summary>The change log's last committed seq, for the change feed.</summary>
    internal ChangeSignal Changes => _writer.Changes;

    /// <summary>A reader connection for the change feed (held for one feed's snapshot).</summary>
    internal MetadataReaderPool.Lease RentReader() => _readers.Rent();

    /// <summary>Starts keeping the metadata change log (the first follower asked for it); true when it already was.</summary>
    internal Task<bool> EnableChangeLogAsync(CancellationToken cancellationToken) =>
        _writer.Enqueue(new EnableChangeLogOperation()).WaitAsync(cancellationToken);

    /// <summary>Reloads the bucket catalog from the database (after a follower applied bucket changes to it).</summary>
    internal Task ReloadCatalogAsync(CancellationToken cancellationToken) =>
        _writer.Enqueue(new ReloadCatalogOperation()).WaitAsync(cancellationToken);

    /// <summary>Trims the change log's entries at or below <paramref name="cut"/> (through the writer).</summary>
    internal ValueTask<int> TrimChangeLogAsync(long cut, CancellationToken cancellationToken) =>
        new(_writer.Enqueue(new TrimChangeLogOperation(cut)).WaitAsync(cancellationToken));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _writer.DisposeAsync().ConfigureAwait(false);
        _readers.Dispose();
        await _data.DisposeAsync().ConfigureAwait(false);
        LogClosed(_logger, _options.DataDirectory);
    }
}
