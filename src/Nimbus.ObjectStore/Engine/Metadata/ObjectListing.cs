using Microsoft.Data.Sqlite;
using Nimbus.ObjectStore.Checksums;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>ListObjects (V1 and V2): current versions that are not delete markers, through the partial index that holds exactly those.</summary>
internal static class ObjectListing
{
    private const string Sql = $"""
        SELECT key, version_id, size, etag, modified_ms, checksum_alg, checksum, encryption
        FROM versions INDEXED BY versions_current
        WHERE bucket = $b AND latest = 1 AND marker = 0 AND key >= $from AND key < {KeyScan.UpperBound}
        ORDER BY key LIMIT $limit
        """;

    public static ListPage List(CommandCache commands, long bucketId, ListQuery query)
    {
        if (query.MaxKeys <= 0)
        {
            return new ListPage(EngineStatus.Ok, [], [], false, null);
        }
        var sink = new Sink(query.Bucket);
        var command = commands.Get(Sql).Bind("$b", bucketId);
        var truncated = KeyScan.Run(command, query.Prefix, query.Delimiter, KeyScan.Start(query.Prefix, query.Delimiter, query.After), query.MaxKeys, sink);
        return new ListPage(EngineStatus.Ok, sink.Objects, sink.Prefixes, truncated, sink.LastKey);
    }

    private sealed class Sink(string bucket) : ScanSink
    {
        public List<ObjectVersion> Objects { get; } = [];

        protected override void Add(SqliteDataReader row, string key) => Objects.Add(new ObjectVersion
        {
            Bucket = bucket,
            Key = key,
            VersionId = row.GetString(1),
            IsLatest = true,
            Size = row.GetInt64(2),
            ETag = row.GetString(3),
            LastModified = DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(4)),
            ChecksumAlgorithm = (ChecksumAlgorithm)row.GetInt64(5),
            Checksum = row.GetNullableString(6),
            Encryption = (EncryptionKind)row.GetInt64(7),
        });
    }
}
