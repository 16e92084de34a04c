using Microsoft.Data.Sqlite;
using Nimbus.ObjectStore.Checksums;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>ListObjectVersions: every version and delete marker, key ascending, newest first within a key.</summary>
internal static class VersionListing
{
    private const string Columns = "key, version_id, latest, marker, size, etag, modified_ms, checksum_alg, checksum, encryption";

    private const string Sql = $"""
        SELECT {Columns} FROM versions INDEXED BY versions_by_key
        WHERE bucket = $b AND key >= $from AND key < {KeyScan.UpperBound}
        ORDER BY key, id DESC LIMIT $limit
        """;

    private const string OlderSql = $"""
        SELECT {Columns} FROM versions INDEXED BY versions_by_key
        WHERE bucket = $b AND key = $k AND id < $id
        ORDER BY id DESC LIMIT $limit
        """;

    private const string IdSql = "SELECT id FROM versions WHERE bucket = $b AND key = $k AND version_id = $m";

    private static readonly MarkedKeyScan.Statements Statements = new(Sql, OlderSql, IdSql);

    public static VersionPage List(CommandCache commands, long bucketId, VersionQuery query)
    {
        if (query.MaxKeys <= 0)
        {
            return new VersionPage(EngineStatus.Ok, [], [], false, null, null);
        }
        var sink = new Sink(query.Bucket);
        // The marker key's versions older than the marker first, then the keys after it.
        var truncated = MarkedKeyScan.Run(commands, Statements, bucketId, query.Prefix, query.Delimiter, query.KeyMarker, query.VersionIdMarker, query.MaxKeys, sink);
        return Page(sink, truncated);
    }

    private static VersionPage Page(Sink sink, bool truncated) =>
        new(EngineStatus.Ok, sink.Versions, sink.Prefixes, truncated, sink.LastKey, sink.LastWasPrefix ? null : sink.LastVersionId);

    private sealed class Sink(string bucket) : ScanSink
    {
        public List<ObjectVersion> Versions { get; } = [];

        public string? LastVersionId { get; private set; }

        protected override void Add(SqliteDataReader row, string key)
        {
            var version = new ObjectVersion
            {
                Bucket = bucket,
                Key = key,
                VersionId = row.GetString(1),
                IsLatest = row.GetInt64(2) != 0,
                IsDeleteMarker = row.GetInt64(3) != 0,
                Size = row.GetInt64(4),
                ETag = row.GetString(5),
                LastModified = DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(6)),
                ChecksumAlgorithm = (ChecksumAlgorithm)row.GetInt64(7),
                Checksum = row.GetNullableString(8),
                Encryption = (EncryptionKind)row.GetInt64(9),
            };
            Versions.Add(version);
            LastVersionId = version.VersionId;
        }
    }
}
