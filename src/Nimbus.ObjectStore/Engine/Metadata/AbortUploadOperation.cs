namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>AbortMultipartUpload: the upload and its parts go; their data is released after the commit.</summary>
internal sealed class AbortUploadOperation(string bucketName, string key, string uploadId) : WriteOperation<EngineStatus>
{
    protected override EngineStatus Run(MetadataTransaction tx)
    {
        var status = UploadLookup.Find(tx, bucketName, key, uploadId, out _, out var upload);
        if (status != EngineStatus.Ok)
        {
            return status;
        }
        foreach (var part in tx.Parts(upload!.Id))
        {
            ReleaseAfterCommit(part.Layout);
        }
        tx.DeleteUpload(upload.Id);
        return EngineStatus.Ok;
    }
}
