using Nimbus.ObjectStore.Checksums;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>UploadPart's commit: the staged data becomes part N, replacing (and releasing) an earlier part N.</summary>
internal sealed class CommitPartOperation : WriteOperation<PartOutcome>
{
    private readonly string _bucket;
    private readonly string _key;
    private readonly string _uploadId;
    private readonly int _number;
    private readonly StagedData _data;

    public CommitPartOperation(string bucket, string key, string uploadId, int number, StagedData data)
    {
        _bucket = bucket;
        _key = key;
        _uploadId = uploadId;
        _number = number;
        _data = data;
        Consume(data);
    }

    protected override PartOutcome Run(MetadataTransaction tx)
    {
        var status = UploadLookup.Find(tx, _bucket, _key, _uploadId, out _, out var upload);
        if (status != EngineStatus.Ok)
        {
            return new PartOutcome(status, null);
        }
        if (tx.PartLayout(upload!.Id, _number) is { } previous)
        {
            ReleaseAfterCommit(previous);
        }
        var md5 = _data.Md5.ToArray();
        var checksum = _data.ChecksumAlgorithm == ChecksumAlgorithm.None ? null : _data.Checksum.ToArray();
        tx.PutPart(upload.Id, _number, _data.Length, md5, checksum, SqliteBinding.AsArray(_data.Layout));
        Adopt();
        return new PartOutcome(EngineStatus.Ok, new PartInfo(_number, _data.Length, Convert.ToHexStringLower(md5), tx.Now, checksum is null ? null : Convert.ToBase64String(checksum)));
    }
}
