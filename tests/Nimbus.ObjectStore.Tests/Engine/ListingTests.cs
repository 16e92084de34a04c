using Microsoft.Data.Sqlite;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.Engine.Metadata;

namespace Nimbus.ObjectStore.Tests.Engine;

public sealed class ListingTests
{
    private static async Task<ListPage> ListAsync(TestEngine t, string prefix = "", string? delimiter = null, string? after = null, int max = 1000) =>
        await t.Engine.ListObjectsAsync(new ListQuery("b", prefix, delimiter, after, max), default).AsTask().WaitAsync(TestEngine.Timeout);

    private static async Task<(List<string> Keys, List<string> Prefixes, int Pages)> ListAllAsync(TestEngine t, string prefix, string? delimiter, int max)
    {
        var keys = new List<string>();
        var prefixes = new List<string>();
        string? after = null;
        var pages = 0;
        while (true)
        {
            var page = await ListAsync(t, prefix, delimiter, after, max);
            pages++;
            Assert.True(page.Objects.Count + page.CommonPrefixes.Count <= max);
            keys.AddRange(page.Objects.Select(o => o.Key));
            prefixes.AddRange(page.CommonPrefixes);
            if (!page.IsTruncated)
            {
                return (keys, prefixes, pages);
            }
            after = page.NextAfter;
        }
    }

    [Fact]
    public async Task List_WithPrefixAndDelimiter_RollsKeysUpIntoCommonPrefixes()
    {
        await using var t = await TestEngine.StartAsync();
        foreach (var key in new[] { "a.txt", "photos/2024/1.jpg", "photos/2024/2.jpg", "photos/2025/1.jpg", "photos/cover.jpg", "photosets", "z" })
        {
            await t.PutAsync(key, key);
        }

        var top = await ListAsync(t, delimiter: "/");
        Assert.Equal(["a.txt", "photosets", "z"], top.Objects.Select(o => o.Key));
        Assert.Equal(["photos/"], top.CommonPrefixes);

        var photos = await ListAsync(t, prefix: "photos/", delimiter: "/");
        Assert.Equal(["photos/cover.jpg"], photos.Objects.Select(o => o.Key));
        Assert.Equal(["photos/2024/", "photos/2025/"], photos.CommonPrefixes);

        var flat = await ListAsync(t, prefix: "photos/2024/");
        Assert.Equal(["photos/2024/1.jpg", "photos/2024/2.jpg"], flat.Objects.Select(o => o.Key));
        Assert.Equal(7, (await ListAsync(t)).Objects.Count);
    }

    [Fact]
    public async Task List_PageByPageThroughCommonPrefixes_NeverRepeatsOrSkips()
    {
        await using var t = await TestEngine.StartAsync();
        foreach (var key in new[] { "a", "b/1", "b/2", "c", "d/1", "d/x/2", "e" })
        {
            await t.PutAsync(key, key);
        }

        var (keys, prefixes, pages) = await ListAllAsync(t, "", "/", 1);

        Assert.Equal(["a", "c", "e"], keys);
        Assert.Equal(["b/", "d/"], prefixes);
        Assert.Equal(5, pages);
        var afterPrefix = await ListAsync(t, delimiter: "/", after: "b/1");
        Assert.Equal(["c", "e"], afterPrefix.Objects.Select(o => o.Key));
        Assert.Equal(["d/"], afterPrefix.CommonPrefixes);
    }

    [Fact]
    public async Task List_KeysOutsideTheBasicPlane_SortInUtf8ByteOrder()
    {
        await using var t = await TestEngine.StartAsync();
        // UTF-16 ordinal order would put U+E000 and U+FFFD after the surrogate pair of U+1F600; UTF-8 order does not.
        string[] keys = ["k\U0001F600", "k\uFFFD", "k\uE000", "k\u00E9", "k~", "k\U0001F600\U0001F600x", "k\U0001F600\u00E9y"];
        foreach (var key in keys)
        {
            await t.PutAsync(key, key);
        }

        var all = await ListAsync(t);
        Assert.Equal(keys.Order(Comparer<string>.Create(KeyOrder.Compare)), all.Objects.Select(o => o.Key));
        Assert.Equal(["k~", "k\u00E9", "k\uE000", "k\uFFFD", "k\U0001F600", "k\U0001F600\u00E9y", "k\U0001F600\U0001F600x"], all.Objects.Select(o => o.Key));

        var rolled = await ListAsync(t, prefix: "k\U0001F600", delimiter: "\U0001F600");
        Assert.Equal(["k\U0001F600", "k\U0001F600\u00E9y"], rolled.Objects.Select(o => o.Key));
        Assert.Equal(["k\U0001F600\U0001F600"], rolled.CommonPrefixes);
        var afterEmoji = await ListAsync(t, after: "k\U0001F600");
        Assert.Equal(["k\U0001F600\u00E9y", "k\U0001F600\U0001F600x"], afterEmoji.Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task List_ExcludesDeleteMarkersAndOldVersions()
    {
        await using var t = await TestEngine.StartAsync("b", VersioningState.Enabled);
        await t.PutAsync("deleted", "x");
        await t.DeleteAsync("deleted");
        await t.PutAsync("kept", "1");
        await t.PutAsync("kept", "22");

        var page = await ListAsync(t);
        var only = Assert.Single(page.Objects);
        Assert.Equal("kept", only.Key);
        Assert.Equal(2, only.Size);
        Assert.False(page.IsTruncated);
    }

    [Fact]
    public async Task ListVersions_PagedWithKeyAndVersionMarkers_ReturnsEveryVersionOnceNewestFirst()
    {
        await using var t = await TestEngine.StartAsync("b", VersioningState.Enabled);
        var expected = new List<(string Key, string VersionId)>();
        foreach (var key in new[] { "x", "y", "z" })
        {
            var written = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                written.Add((await t.PutAsync(key, $"{key}{i}")).Version!.VersionId);
            }
            written.Reverse();
            expected.AddRange(written.Select(v => (key, v)));
        }

        var seen = new List<(string, string)>();
        string? keyMarker = null;
        string? versionMarker = null;
        while (true)
        {
            var page = await t.Engine.ListVersionsAsync(new VersionQuery("b", "", null, keyMarker, versionMarker, 2), default);
            seen.AddRange(page.Versions.Select(v => (v.Key, v.VersionId)));
            Assert.All(page.Versions, v => Assert.Equal(v.VersionId == expected.First(e => e.Key == v.Key).VersionId, v.IsLatest));
            if (!page.IsTruncated)
            {
                break;
            }
            (keyMarker, versionMarker) = (page.NextKeyMarker, page.NextVersionIdMarker);
        }
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task ListVersions_WithDelimiter_RollsUpAndCountsPrefixOnce()
    {
        await using var t = await TestEngine.StartAsync("b", VersioningState.Enabled);
        await t.PutAsync("dir/a", "1");
        await t.PutAsync("dir/a", "2");
        await t.PutAsync("top", "3");

        var page = await t.Engine.ListVersionsAsync(new VersionQuery("b", "", "/", null, null, 1), default);
        Assert.Equal(["dir/"], page.CommonPrefixes);
        Assert.True(page.IsTruncated);
        Assert.Equal("dir/", page.NextKeyMarker);
        Assert.Null(page.NextVersionIdMarker);
        var next = await t.Engine.ListVersionsAsync(new VersionQuery("b", "", "/", page.NextKeyMarker, null, 1), default);
        Assert.Equal(["top"], next.Versions.Select(v => v.Key));
        Assert.False(next.IsTruncated);
    }

    [Fact]
    public async Task List_HundredThousandKeys_PagesWithAndWithoutDelimiter()
    {
        await using var t = await TestEngine.StartAsync();
        Seed(t.Directory, "b", Enumerable.Range(0, 100_000).Select(i => $"dir{i / 1000:D3}/file{i % 1000:D4}"));

        var flat = await ListAllAsync(t, "", null, 1000);
        Assert.Equal(100_000, flat.Keys.Count);
        Assert.Equal(100, flat.Pages);
        Assert.Equal(flat.Keys.Distinct().Count(), flat.Keys.Count);
        Assert.Equal("dir000/file0000", flat.Keys[0]);
        Assert.Equal("dir099/file0999", flat.Keys[^1]);

        var rolled = await ListAllAsync(t, "", "/", 7);
        Assert.Empty(rolled.Keys);
        Assert.Equal(100, rolled.Prefixes.Count);
        Assert.Equal(15, rolled.Pages);

        var oneDir = await ListAllAsync(t, "dir042/", "/", 300);
        Assert.Equal(1000, oneDir.Keys.Count);
        Assert.Equal(4, oneDir.Pages);
        Assert.All(oneDir.Keys, k => Assert.StartsWith("dir042/", k));
    }

    /// <summary>Writes current versions straight into the database (the listing is under test, not the writer).</summary>
    internal static void Seed(string directory, string bucket, IEnumerable<string> keys)
    {
        using var connection = new SqliteConnection($"Data Source={MetadataDatabase.PathIn(directory)};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var bucketId = connection.CreateCommand();
        bucketId.CommandText = "SELECT id FROM buckets WHERE name = $n";
        bucketId.Parameters.AddWithValue("$n", bucket);
        var id = (long)bucketId.ExecuteScalar()!;
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO versions(bucket, key, version_id, latest, marker, size, etag, modified_ms, checksum_alg, encryption, layout)
            VALUES ($b, $k, 'null', 1, 0, 1, 'etag', 0, 0, 0, x'00')
            """;
        insert.Parameters.AddWithValue("$b", id);
        var key = insert.Parameters.Add("$k", SqliteType.Text);
        foreach (var k in keys)
        {
            key.Value = k;
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }
}
