using Microsoft.Data.Sqlite;
using Nimbus.ObjectStore.Checksums;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>
/// One reader connection with its prepared statements. WAL readers see the last committed batch and never block the
/// writer. Used by one caller at a time (rented from <see cref="MetadataReaderPool"/>).
/// </summary>
internal sealed class MetadataReader(CommandCache commands) : IDisposable
{
    private const string Columns = "version_id, latest, marker, size, etag, modified_ms, checksum_alg, checksum, encryption, customer_key_md5, part_sizes, attributes, layout";
    private const string CurrentSql = $"SELECT {Columns} FROM versions WHERE bucket = $b AND key = $k ORDER BY id DESC LIMIT 1";
    private const string ByIdSql = $"SELECT {Columns} FROM versions WHERE bucket = $b AND key = $k AND version_id = $v";

    /// <summary>The connection's statements, for a reader that holds one snapshot across awaits (the change feed).</summary>
    internal CommandCache Commands => commands;

    public ObjectLookup Get(long bucketId, string bucket, string key, string? versionId)
    {
        var command = versionId is null
            ? commands.Get(CurrentSql).Bind("$b", bucketId).Bind("$k", key)
            : commands.Get(ByIdSql).Bind("$b", bucketId).Bind("$k", key).Bind("$v", versionId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return new ObjectLookup(versionId is null ? EngineStatus.NoSuchKey : EngineStatus.NoSuchVersion, null);
        }
        var version = Read(reader, bucket, key);
        if (version.IsDeleteMarker)
        {
            // The current version being a marker is "no such key"; asking for a marker by id is a 405 in S3.
            return new ObjectLookup(versionId is null ? EngineStatus.NoSuchKey : EngineStatus.DeleteMarker, version);
        }
        return new ObjectLookup(EngineStatus.Ok, version);
    }

    private static ObjectVersion Read(SqliteDataReader row, string bucket, string key)
    {
        var marker = row.GetInt64(2) != 0;
        return new ObjectVersion
        {
            Bucket = bucket,
            Key = key,
            VersionId = row.GetString(0),
            IsLatest = row.GetInt64(1) != 0,
            IsDeleteMarker = marker,
            Size = row.GetInt64(3),
            ETag = row.GetString(4),
            LastModified = DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(5)),
            ChecksumAlgorithm = (ChecksumAlgorithm)row.GetInt64(6),
            Checksum = row.GetNullableString(7),
            Encryption = (EncryptionKind)row.GetInt64(8),
            CustomerKeyMd5 = row.GetNullableString(9),
            PartSizes = StoredJson.PartSizes(row.GetNullableString(10)),
            Attributes = StoredJson.Attributes(row.GetNullableString(11)),
            Layout = marker ? null : row.GetFieldValue<byte[]>(12),
        };
    }

    /// <summary>A listing page runs in one read transaction, so its several seeks see one committed state.</summary>
    public T InSnapshot<T, TArg>(Func<CommandCache, TArg, T> read, TArg arg)
    {
        commands.Execute("BEGIN");
        try
        {
            return read(commands, arg);
        }
        finally
        {
            commands.Execute("COMMIT");
        }
    }

    public StoredUpload? FindUpload(long bucketId, string key, string uploadId)
    {
        using var reader = commands.Get($"SELECT {StoredUpload.Columns} FROM uploads WHERE upload_id = $u").Bind("$u", uploadId).ExecuteReader();
        return reader.Read() && StoredUpload.Read(reader) is { } upload && upload.Bucket == bucketId && upload.Key == key ? upload : null;
    }

    public PartsPage ListParts(StoredUpload upload, string bucket, int partNumberMarker, int maxParts)
    {
        var parts = new List<PartInfo>();
        var truncated = false;
        var next = 0;
        if (maxParts > 0)
        {
            using var reader = commands.Get("SELECT number, size, md5, modified_ms, checksum FROM parts WHERE upload = $u AND number > $m ORDER BY number LIMIT $n")
                .Bind("$u", upload.Id).Bind("$m", (long)partNumberMarker).Bind("$n", (long)maxParts + 1).ExecuteReader();
            while (reader.Read())
            {
                if (parts.Count == maxParts)
                {
                    truncated = true;
                    break;
                }
                var number = (int)reader.GetInt64(0);
                var checksum = reader.GetNullableBytes(4);
                parts.Add(new PartInfo(number, reader.GetInt64(1), Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(2)),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), checksum is null ? null : Convert.ToBase64String(checksum)));
                next = number;
            }
        }
        return new PartsPage(EngineStatus.Ok, upload.ToUpload(bucket), parts, truncated, next);
    }

    /// <summary>Every chunk id a committed version or a stored part refers to (the startup orphan sweep keeps these).</summary>
    public void CollectLayouts(Action<byte[]> visit)
    {
        using var reader = commands.Get("SELECT layout FROM versions WHERE marker = 0 UNION ALL SELECT layout FROM parts").ExecuteReader();
        while (reader.Read())
        {
            visit(reader.GetFieldValue<byte[]>(0));
        }
    }

    public void Dispose() => commands.Dispose();
}
