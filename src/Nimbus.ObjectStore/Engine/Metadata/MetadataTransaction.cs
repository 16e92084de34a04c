using Microsoft.Data.Sqlite;
using Nimbus.ObjectStore.Checksums;
using Nimbus.ObjectStore.Engine.Data;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>
/// The writer's connection and the statements write operations are made of. Only the writer loop uses it, one batch
/// (one transaction) at a time, each operation inside its own savepoint.
/// </summary>
internal sealed class MetadataTransaction(CommandCache commands, VersionIds versionIds) : IDisposable
{
    /// <summary>A version as the writer reads it. A layout that keeps the data inline comes back empty: releasing it
    /// frees nothing, and reading it copied the whole object (up to the inline limit) out of SQLite for every overwrite of
    /// a small object.</summary>
    private static readonly string VersionColumns = $"id, version_id, latest, marker, etag, {LayoutCodec.ReleasableSql("layout")}, attributes";
    private static readonly string NewestVersionSql = $"SELECT {VersionColumns} FROM versions WHERE bucket = $b AND key = $k ORDER BY id DESC LIMIT 1";
    private static readonly string VersionByIdSql = $"SELECT {VersionColumns} FROM versions WHERE bucket = $b AND key = $k AND version_id = $v";
    private const string UploadColumns = StoredUpload.Columns;

    /// <summary>The commit time of the batch in progress (every version it writes gets it as LastModified).</summary>
    public DateTimeOffset Now { get; private set; }

    /// <summary>Set by an operation that changed a bucket row: the catalog is reloaded after the commit.</summary>
    public bool BucketsChanged { get; set; }

    public string NewVersionId() => versionIds.Next();

    public void Begin(DateTimeOffset now)
    {
        // Whole milliseconds, as stored, so what a write returns equals what a later read gives.
        Now = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
        BucketsChanged = false;
        commands.Execute("BEGIN IMMEDIATE");
    }

    public void Savepoint() => commands.Execute("SAVEPOINT op");
    public void ReleaseSavepoint() => commands.Execute("RELEASE op");
    public void RollbackToSavepoint() => commands.Execute("ROLLBACK TO op; RELEASE op");
    public void Commit() => commands.Execute("COMMIT");

    public void Rollback() => commands.RollbackIfOpen();

    private long NowMs => Now.ToUnixTimeMilliseconds();

    /// <summary>The change log's id (<c>meta.log</c>).</summary>
    public long ChangeLogId() => (long)(commands.Get("SELECT value FROM meta WHERE name = 'log'").ExecuteScalar() ?? 0L);

    /// <summary>The change log's last seq, as this transaction sees it.</summary>
    public long ChangeSeq() => (long)commands.Get(ChangeLog.CurrentSeqSql).ExecuteScalar()!;

    /// <summary>Creates the change log's triggers unless they exist; true when they already did.</summary>
    public bool EnableChangeLog()
    {
        if (ChangeLog.IsKept(commands))
        {
            return true;
        }
        commands.Execute(ChangeLog.TriggersSql);
        return false;
    }

    /// <summary>Trims the change log's entries at or below <paramref name="cut"/> (<see cref="ChangeLog.Trim"/>).</summary>
    public int TrimChangeLog(long cut) => ChangeLog.Trim(commands, cut);

    // Buckets

    public StoredBucket? FindBucket(string name)
    {
        using var reader = commands.Get("SELECT id, owner, versioning FROM buckets WHERE name = $n").Bind("$n", name).ExecuteReader();
        return reader.Read() ? new StoredBucket(reader.GetInt64(0), name, reader.GetString(1), (VersioningState)reader.GetInt64(2)) : null;
    }

    public BucketSettings BucketSettings(long id)
    {
        var json = (string)commands.Get("SELECT settings FROM buckets WHERE id = $id").Bind("$id", id).ExecuteScalar()!;
        return StoredJson.Settings(json);
    }

    public void InsertBucket(string name, string owner, BucketSettings settings)
    {
        commands.Get("INSERT INTO buckets(name, owner, created_ms, versioning, settings) VALUES ($n, $o, $c, $v, $s)")
            .Bind("$n", name).Bind("$o", owner).Bind("$c", NowMs).Bind("$v", (long)settings.Versioning).Bind("$s", StoredJson.Settings(settings))
            .ExecuteNonQuery();
        BucketsChanged = true;
    }

    public void UpdateBucket(long id, BucketSettings settings)
    {
        commands.Get("UPDATE buckets SET versioning = $v, settings = $s WHERE id = $id")
            .Bind("$id", id).Bind("$v", (long)settings.Versioning).Bind("$s", StoredJson.Settings(settings)).ExecuteNonQuery();
        BucketsChanged = true;
    }

    public bool BucketHasVersions(long id) =>
        commands.Get("SELECT EXISTS(SELECT 1 FROM versions WHERE bucket = $b)").Bind("$b", id).ExecuteScalar() is 1L;

    public void DeleteBucket(long id)
    {
        commands.Get("DELETE FROM buckets WHERE id = $id").Bind("$id", id).ExecuteNonQuery();
        BucketsChanged = true;
    }

    public BucketCatalog LoadCatalog()
    {
        var byName = new Dictionary<string, BucketCatalog.Entry>(StringComparer.Ordinal);
        using var reader = commands.Get("SELECT id, name, owner, created_ms, settings FROM buckets").ExecuteReader();
        while (reader.Read())
        {
            var name = reader.GetString(1);
            var info = new BucketInfo(name, reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), StoredJson.Settings(reader.GetString(4)));
            byName.Add(name, new BucketCatalog.Entry(reader.GetInt64(0), info));
        }
        return new BucketCatalog(byName);
    }

    // Versions

    /// <summary>The newest version of a key (the current one, possibly a delete marker).</summary>
    public StoredVersion? Newest(long bucket, string key) =>
        ReadVersion(commands.Get(NewestVersionSql).Bind("$b", bucket).Bind("$k", key));

    public StoredVersion? ByVersionId(long bucket, string key, string versionId) =>
        ReadVersion(commands.Get(VersionByIdSql).Bind("$b", bucket).Bind("$k", key).Bind("$v", versionId));

    private static StoredVersion? ReadVersion(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new StoredVersion(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2) != 0, reader.GetInt64(3) != 0, reader.GetString(4), reader.GetFieldValue<byte[]>(5), reader.GetNullableString(6))
            : null;
    }

    public void InsertVersion(long bucket, string key, string versionId, NewVersion v) =>
        commands.Get("""
            INSERT INTO versions(bucket, key, version_id, latest, marker, size, etag, modified_ms, checksum_alg, checksum, encryption, customer_key_md5, part_sizes, attributes, layout)
            VALUES ($b, $k, $v, 1, $m, $size, $etag, $t, $ca, $c, $enc, $ckey, $parts, $attrs, $layout)
            """)
            .Bind("$b", bucket).Bind("$k", key).Bind("$v", versionId).Bind("$m", v.IsDeleteMarker ? 1L : 0L)
            .Bind("$size", v.Size).Bind("$etag", v.ETag).Bind("$t", NowMs).Bind("$ca", (long)v.ChecksumAlgorithm).Bind("$c", v.Checksum)
            .Bind("$enc", (long)v.Encryption).Bind("$ckey", v.CustomerKeyMd5).Bind("$parts", StoredJson.PartSizes(v.PartSizes))
            .Bind("$attrs", StoredJson.Attributes(v.Attributes)).Bind("$layout", v.Layout)
            .ExecuteNonQuery();

    public void SetLatest(long id, bool latest) =>
        commands.Get("UPDATE versions SET latest = $l WHERE id = $id").Bind("$id", id).Bind("$l", latest ? 1L : 0L).ExecuteNonQuery();

    public void DeleteVersion(long id) => commands.Get("DELETE FROM versions WHERE id = $id").Bind("$id", id).ExecuteNonQuery();

    public void UpdateAttributes(long id, string? attributes) =>
        commands.Get("UPDATE versions SET attributes = $a WHERE id = $id").Bind("$id", id).Bind("$a", attributes).ExecuteNonQuery();

    // Uploads

    public StoredUpload? FindUpload(string uploadId)
    {
        using var reader = commands.Get($"SELECT {UploadColumns} FROM uploads WHERE upload_id = $u").Bind("$u", uploadId).ExecuteReader();
        return reader.Read() ? StoredUpload.Read(reader) : null;
    }

    public StoredUpload InsertUpload(string uploadId, long bucket, string key, ChecksumAlgorithm checksum, ChecksumType checksumType, EncryptionKind encryption, string? customerKeyMd5, ObjectAttributes attributes)
    {
        var attrs = StoredJson.Attributes(attributes);
        var id = commands.Get("""
            INSERT INTO uploads(upload_id, bucket, key, initiated_ms, checksum_alg, encryption, customer_key_md5, attributes)
            VALUES ($u, $b, $k, $t, $ca, $enc, $ckey, $attrs) RETURNING id
            """)
            .Bind("$u", uploadId).Bind("$b", bucket).Bind("$k", key).Bind("$t", NowMs).Bind("$ca", StoredUpload.EncodeChecksum(checksum, checksumType))
            .Bind("$enc", (long)encryption).Bind("$ckey", customerKeyMd5).Bind("$attrs", attrs)
            .ExecuteScalar();
        return new StoredUpload((long)id!, uploadId, bucket, key, NowMs, checksum, checksumType, encryption, customerKeyMd5, attrs);
    }

    public void DeleteUpload(long id)
    {
        commands.Get("DELETE FROM parts WHERE upload = $id").Bind("$id", id).ExecuteNonQuery();
        commands.Get("DELETE FROM uploads WHERE id = $id").Bind("$id", id).ExecuteNonQuery();
    }

    public List<long> UploadsOf(long bucket)
    {
        var ids = new List<long>();
        using var reader = commands.Get("SELECT id FROM uploads WHERE bucket = $b").Bind("$b", bucket).ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }
        return ids;
    }

    public byte[]? PartLayout(long upload, int number) =>
        (byte[]?)commands.Get("SELECT layout FROM parts WHERE upload = $u AND number = $n").Bind("$u", upload).Bind("$n", (long)number).ExecuteScalar();

    public void PutPart(long upload, int number, long size, byte[] md5, byte[]? checksum, byte[] layout) =>
        commands.Get("INSERT OR REPLACE INTO parts(upload, number, size, md5, modified_ms, checksum, layout) VALUES ($u, $n, $size, $md5, $t, $c, $layout)")
            .Bind("$u", upload).Bind("$n", (long)number).Bind("$size", size).Bind("$md5", md5).Bind("$t", NowMs).Bind("$c", checksum).Bind("$layout", layout)
            .ExecuteNonQuery();

    public List<StoredPart> Parts(long upload)
    {
        var parts = new List<StoredPart>();
        using var reader = commands.Get("SELECT number, size, md5, checksum, layout FROM parts WHERE upload = $u ORDER BY number").Bind("$u", upload).ExecuteReader();
        while (reader.Read())
        {
            parts.Add(new StoredPart((int)reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2), reader.GetNullableBytes(3), reader.GetFieldValue<byte[]>(4)));
        }
        return parts;
    }

    public void Dispose() => commands.Dispose();
}
