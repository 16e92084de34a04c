using Nimbus.ObjectStore.Engine.Metadata;
using Nimbus.ObjectStore.Replication;
using Nimbus.ObjectStore.Tests.Engine;

namespace Nimbus.ObjectStore.Tests.Replication;

/// <summary>A storage node's data dir before it follows: empty or already a copy is fine; one with objects of its own is refused.</summary>
public sealed class MetadataFollowerTests
{
    /// <summary>Applies one feed of <paramref name="source"/>'s metadata to the copy in <paramref name="directory"/>.</summary>
    private static async Task CopyAsync(TestEngine source, string directory, bool fullCopy)
    {
        using var commands = new CommandCache(MetadataDatabase.OpenWriter(directory));
        using var lease = source.Engine.RentReader();
        using var feed = new MemoryStream();
        await ChangeFeedWriter.WriteAsync(lease.Reader.Commands, 0, _ => fullCopy, feed, default);
        feed.Position = 0;
        await new ChangeFeedApplier(commands).ApplyAsync(feed, default);
    }

    [Fact]
    public async Task CheckDataDirectory_OwnObjects_IsRefusedAndKeepsThem()
    {
        await using var t = await TestEngine.StartAsync();
        await t.PutAsync("precious", "data");
        await t.Engine.DisposeAsync();

        var error = Assert.Throws<InvalidDataException>(() => MetadataFollower.PrepareDataDirectory(t.Directory, follower: true));
        Assert.Contains("holds buckets or objects of its own", error.Message);
        Assert.Contains("empty --data", error.Message);
        await t.ReopenAsync();
        Assert.Equal("data", t.Read((await t.GetAsync("precious")).Version!));
    }

    [Fact]
    public async Task ACopyOpenedAsTheMetadataNode_IsNoLongerACopy_SoItIsRefusedAsAFollowerLater()
    {
        var dir = Path.Combine(Path.GetTempPath(), "nimbus-follow-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var source = await TestEngine.StartAsync();
            await source.PutAsync("k", "v");
            await CopyAsync(source, dir, fullCopy: true);
            MetadataFollower.PrepareDataDirectory(dir, follower: true);

            MetadataFollower.PrepareDataDirectory(dir, follower: false);
            Assert.Throws<InvalidDataException>(() => MetadataFollower.PrepareDataDirectory(dir, follower: true));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task CheckDataDirectory_EmptyOrAlreadyACopy_IsAccepted()
    {
        var empty = Path.Combine(Path.GetTempPath(), "nimbus-follow-" + Guid.NewGuid().ToString("N"));
        try
        {
            MetadataFollower.PrepareDataDirectory(empty, follower: true);
            // A copy that followed a log keeps following it.
            await using var source = await TestEngine.StartAsync();
            await source.PutAsync("k", "v");
            await CopyAsync(source, empty, fullCopy: false);
            MetadataFollower.PrepareDataDirectory(empty, follower: true);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(empty, recursive: true);
        }
    }
}
