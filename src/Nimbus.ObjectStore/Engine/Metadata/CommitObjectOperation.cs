using Nimbus.ObjectStore.Checksums;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>PutObject's commit: staged data becomes the key's newest version, preconditions checked atomically with the write.</summary>
internal sealed class CommitObjectOperation : WriteOperation<WriteOutcome>
{
    private readonly string _bucket;
    private readonly string _key;
    private readonly StagedData _data;
    private readonly ObjectAttributes _attributes;
    private readonly WritePreconditions _preconditions;

    public CommitObjectOperation(string bucket, string key, StagedData data, ObjectAttributes attributes, WritePreconditions preconditions)
    {
        _bucket = bucket;
        _key = key;
        _data = data;
        _attributes = attributes;
        _preconditions = preconditions;
        Consume(data);
    }

    protected override WriteOutcome Run(MetadataTransaction tx)
    {
        if (tx.FindBucket(_bucket) is not { } bucket)
        {
            return new WriteOutcome(EngineStatus.NoSuchBucket, null);
        }
        var current = tx.Newest(bucket.Id, _key);
        var status = VersionRules.Check(_preconditions, current);
        if (status != EngineStatus.Ok)
        {
            return new WriteOutcome(status, null);
        }
        var version = new NewVersion(
            _data.Length,
            Convert.ToHexStringLower(_data.Md5.Span),
            _data.ChecksumAlgorithm,
            _data.ChecksumAlgorithm == ChecksumAlgorithm.None ? null : Convert.ToBase64String(_data.Checksum.Span),
            _data.Encryption,
            _data.CustomerKeyMd5,
            [],
            _attributes,
            SqliteBinding.AsArray(_data.Layout),
            IsDeleteMarker: false);
        var versionId = VersionRules.Write(tx, this, bucket, _key, current, version);
        Adopt();
        return new WriteOutcome(EngineStatus.Ok, version.ToVersion(_bucket, _key, versionId, tx.Now));
    }
}
