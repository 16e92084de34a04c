namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>Finds an upload by id for the writer, answering NoSuchUpload unless it belongs to that bucket and key.</summary>
internal static class UploadLookup
{
    public static EngineStatus Find(MetadataTransaction tx, string bucketName, string key, string uploadId, out StoredBucket? bucket, out StoredUpload? upload)
    {
        upload = null;
        bucket = tx.FindBucket(bucketName);
        if (bucket is null)
        {
            return EngineStatus.NoSuchBucket;
        }
        var found = tx.FindUpload(uploadId);
        if (found is null || found.Bucket != bucket.Id || found.Key != key)
        {
            return EngineStatus.NoSuchUpload;
        }
        upload = found;
        return EngineStatus.Ok;
    }
}
