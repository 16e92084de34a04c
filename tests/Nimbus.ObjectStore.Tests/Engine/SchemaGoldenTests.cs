using Microsoft.Data.Sqlite;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.Engine.Metadata;

namespace Nimbus.ObjectStore.Tests.Engine;

/// <summary>The metadata database is a persisted format: a change to any of this must come with a new schema version and a migration.</summary>
public sealed class SchemaGoldenTests
{
    [Fact]
    public void SchemaVersion_IsOne() => Assert.Equal(1, MetadataDatabase.SchemaVersion);

    [Fact]
    public async Task Schema_IsFrozen()
    {
        await using var t = await TestEngine.StartAsync();
        using var connection = new SqliteConnection($"Data Source={MetadataDatabase.PathIn(t.Directory)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master ORDER BY type, name";
        var lines = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                lines.Add(reader.GetString(0).ReplaceLineEndings(" "));
            }
        }
        command.CommandText = "SELECT value FROM meta WHERE name = 'schema'";
        Assert.Equal(1L, command.ExecuteScalar());

        Assert.Equal(Golden, string.Join("\n", lines));
    }

    [Fact]
    public void AttributesJson_IsFrozen()
    {
        var attributes = new ObjectAttributes
        {
            ContentType = "text/plain",
            ContentEncoding = "gzip",
            ContentDisposition = "inline",
            ContentLanguage = "en",
            CacheControl = "max-age=60",
            Expires = "Wed, 21 Oct 2015 07:28:00 GMT",
            UserMetadata = [new("color", "blue")],
            Tags = [new("team", "storage")],
        };
        const string Json = """{"contentType":"text/plain","contentEncoding":"gzip","contentDisposition":"inline","contentLanguage":"en","cacheControl":"max-age=60","expires":"Wed, 21 Oct 2015 07:28:00 GMT","userMetadata":[{"key":"color","value":"blue"}],"tags":[{"key":"team","value":"storage"}]}""";

        Assert.Equal(Json, StoredJson.Attributes(attributes));
        var back = StoredJson.Attributes(Json);
        Assert.Equal("Wed, 21 Oct 2015 07:28:00 GMT", back.Expires);
        Assert.Equal([new("team", "storage")], back.Tags);
        Assert.Null(StoredJson.Attributes(ObjectAttributes.Empty));
        Assert.Same(ObjectAttributes.Empty, StoredJson.Attributes((string?)null));
    }

    [Fact]
    public void BucketSettingsJson_IsFrozen()
    {
        var settings = new BucketSettings
        {
            Versioning = VersioningState.Suspended,
            Cors = [new CorsRule("r1", ["https://a.example"], ["GET"], ["*"], ["ETag"], 600)],
            DefaultEncryption = true,
            Replicas = 3,
        };
        const string Json = """{"versioning":"Suspended","cors":[{"id":"r1","allowedOrigins":["https://a.example"],"allowedMethods":["GET"],"allowedHeaders":["*"],"exposeHeaders":["ETag"],"maxAgeSeconds":600}],"defaultEncryption":true,"replicas":3}""";

        Assert.Equal(Json, StoredJson.Settings(settings));
        var back = StoredJson.Settings(Json);
        Assert.Equal(VersioningState.Suspended, back.Versioning);
        Assert.Equal(600, back.Cors![0].MaxAgeSeconds);
        Assert.Equal(1, StoredJson.Settings("""{"versioning":"Enabled"}""").Replicas);
        Assert.Equal("[5242880,7]", StoredJson.PartSizes([5242880L, 7L]));
    }

    [Fact]
    public void UploadChecksumColumn_IsFrozen()
    {
        // uploads.checksum_alg: the algorithm in the low byte, 0x100 for a FULL_OBJECT upload (rows written before
        // full-object checksums existed have no such bit and read as composite).
        Assert.Equal(0, StoredUpload.EncodeChecksum(Nimbus.ObjectStore.Checksums.ChecksumAlgorithm.None, Nimbus.ObjectStore.Checksums.ChecksumType.Composite));
        Assert.Equal(2, StoredUpload.EncodeChecksum(Nimbus.ObjectStore.Checksums.ChecksumAlgorithm.Crc32C, Nimbus.ObjectStore.Checksums.ChecksumType.Composite));
        Assert.Equal(0x101, StoredUpload.EncodeChecksum(Nimbus.ObjectStore.Checksums.ChecksumAlgorithm.Crc32, Nimbus.ObjectStore.Checksums.ChecksumType.FullObject));
        Assert.Equal(0x103, StoredUpload.EncodeChecksum(Nimbus.ObjectStore.Checksums.ChecksumAlgorithm.Crc64Nvme, Nimbus.ObjectStore.Checksums.ChecksumType.FullObject));
        Assert.Equal((Nimbus.ObjectStore.Checksums.ChecksumAlgorithm.Sha256, Nimbus.ObjectStore.Checksums.ChecksumType.Composite), StoredUpload.DecodeChecksum(5));
        Assert.Equal((Nimbus.ObjectStore.Checksums.ChecksumAlgorithm.Crc32C, Nimbus.ObjectStore.Checksums.ChecksumType.FullObject), StoredUpload.DecodeChecksum(0x102));
    }

    [Fact]
    public async Task Open_DatabaseOfAnotherSchemaVersion_IsRefused()
    {
        await using var t = await TestEngine.StartAsync();
        await t.Engine.DisposeAsync();
        using (var connection = new SqliteConnection($"Data Source={MetadataDatabase.PathIn(t.Directory)};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE meta SET value = 2 WHERE name = 'schema'";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<InvalidOperationException>(() => ObjectEngine.Open(new ObjectEngineOptions { DataDirectory = t.Directory }, new FakeDataStore()));
        Assert.Contains("schema version 2", error.Message);
    }

    private const string Golden = """
        index sqlite_autoindex_buckets_1: 
        index sqlite_autoindex_meta_1: 
        index sqlite_autoindex_parts_1: 
        index sqlite_autoindex_uploads_1: 
        index uploads_by_key: CREATE INDEX uploads_by_key ON uploads(bucket, key, id)
        index versions_by_key: CREATE UNIQUE INDEX versions_by_key ON versions(bucket, key, id DESC)
        index versions_by_version_id: CREATE UNIQUE INDEX versions_by_version_id ON versions(bucket, key, version_id)
        index versions_current: CREATE INDEX versions_current ON versions(bucket, key) WHERE latest = 1 AND marker = 0
        table buckets: CREATE TABLE buckets(     id INTEGER PRIMARY KEY,     name TEXT NOT NULL UNIQUE,     owner TEXT NOT NULL,     created_ms INTEGER NOT NULL,     versioning INTEGER NOT NULL,     settings TEXT NOT NULL) STRICT
        table meta: CREATE TABLE meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT
        table parts: CREATE TABLE parts(     upload INTEGER NOT NULL,     number INTEGER NOT NULL,     size INTEGER NOT NULL,     md5 BLOB NOT NULL,     modified_ms INTEGER NOT NULL,     checksum BLOB,     layout BLOB NOT NULL,     PRIMARY KEY(upload, number)) STRICT
        table uploads: CREATE TABLE uploads(     id INTEGER PRIMARY KEY,     upload_id TEXT NOT NULL UNIQUE,     bucket INTEGER NOT NULL,     key TEXT NOT NULL,     initiated_ms INTEGER NOT NULL,     checksum_alg INTEGER NOT NULL,     encryption INTEGER NOT NULL,     customer_key_md5 TEXT,     attributes TEXT) STRICT
        table versions: CREATE TABLE versions(     id INTEGER PRIMARY KEY,     bucket INTEGER NOT NULL,     key TEXT NOT NULL,     version_id TEXT NOT NULL,     latest INTEGER NOT NULL,     marker INTEGER NOT NULL,     size INTEGER NOT NULL,     etag TEXT NOT NULL,     modified_ms INTEGER NOT NULL,     checksum_alg INTEGER NOT NULL,     checksum TEXT,     encryption INTEGER NOT NULL,     customer_key_md5 TEXT,     part_sizes TEXT,     attributes TEXT,     layout BLOB NOT NULL) STRICT
        """;
}
