using Microsoft.Data.Sqlite;
using Nimbus.ObjectStore.Checksums;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>ListMultipartUploads: uploads in progress, key ascending, oldest first within a key.</summary>
internal static class UploadListing
{
    private const string Columns = "key, upload_id, initiated_ms, checksum_alg, encryption, customer_key_md5";

    private const string Sql = $"""
        SELECT {Columns} FROM uploads INDEXED BY uploads_by_key
        WHERE bucket = $b AND key >= $from AND key < {KeyScan.UpperBound}
        ORDER BY key, id LIMIT $limit
        """;

    private const string NewerSql = $"""
        SELECT {Columns} FROM uploads INDEXED BY uploads_by_key
        WHERE bucket = $b AND key = $k AND id > $id
        ORDER BY id LIMIT $limit
        """;

    private const string IdSql = "SELECT id FROM uploads WHERE bucket = $b AND key = $k AND upload_id = $m";

    private static readonly MarkedKeyScan.Statements Statements = new(Sql, NewerSql, IdSql);

    public static UploadsPage List(CommandCache commands, long bucketId, UploadsQuery query)
    {
        if (query.MaxUploads <= 0)
        {
            return new UploadsPage(EngineStatus.Ok, [], [], false, null, null);
        }
        var sink = new Sink(query.Bucket);
        var truncated = MarkedKeyScan.Run(commands, Statements, bucketId, query.Prefix, query.Delimiter, query.KeyMarker, query.UploadIdMarker, query.MaxUploads, sink);
        return Page(sink, truncated);
    }

    private static UploadsPage Page(Sink sink, bool truncated) =>
        new(EngineStatus.Ok, sink.Uploads, sink.Prefixes, truncated, sink.LastKey, sink.LastWasPrefix ? null : sink.LastUploadId);

    private sealed class Sink(string bucket) : ScanSink
    {
        public List<MultipartUpload> Uploads { get; } = [];

        public string? LastUploadId { get; private set; }

        protected override void Add(SqliteDataReader row, string key)
        {
            var uploadId = row.GetString(1);
            var (algorithm, type) = StoredUpload.DecodeChecksum(row.GetInt64(3));
            Uploads.Add(new MultipartUpload(
                bucket,
                key,
                uploadId,
                DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(2)),
                ObjectAttributes.Empty,
                algorithm,
                (EncryptionKind)row.GetInt64(4),
                row.GetNullableString(5),
                type));
            LastUploadId = uploadId;
        }
    }
}
