using System.Text;
using Nimbus.ObjectStore.Checksums;
using Nimbus.ObjectStore.Engine;

namespace Nimbus.ObjectStore.Tests.Engine;

/// <summary>An engine over a temporary directory and a <see cref="FakeDataStore"/>; reopens on the same directory.</summary>
internal sealed class TestEngine : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly ObjectEngineOptions _options;

    private TestEngine(ObjectEngineOptions options)
    {
        _options = options;
        Engine = ObjectEngine.Open(options, Data);
    }

    public string Directory => _options.DataDirectory;
    public FakeDataStore Data { get; private set; } = new();
    public ObjectEngine Engine { get; private set; }

    public static async Task<TestEngine> StartAsync(string bucket = "b", VersioningState versioning = VersioningState.Unversioned, long minimumPartSize = 5L * 1024 * 1024)
    {
        var dir = Path.Combine(Path.GetTempPath(), "nimbus-meta-" + Guid.NewGuid().ToString("N"));
        var test = new TestEngine(new ObjectEngineOptions { DataDirectory = dir, MinimumPartSize = minimumPartSize, ReleaseGrace = TimeSpan.Zero });
        Assert.Equal(EngineStatus.Ok, await test.Engine.CreateBucketAsync(bucket, "owner", default).AsTask().WaitAsync(Timeout));
        if (versioning != VersioningState.Unversioned)
        {
            await test.SetVersioningAsync(bucket, versioning);
        }
        return test;
    }

    public async Task SetVersioningAsync(string bucket, VersioningState state) =>
        Assert.Equal(EngineStatus.Ok, await Engine.UpdateBucketAsync(bucket, s => s with { Versioning = state }, default).AsTask().WaitAsync(Timeout));

    public async Task ReopenAsync()
    {
        await Engine.DisposeAsync();
        Data = new FakeDataStore();
        Engine = ObjectEngine.Open(_options, Data);
    }

    public async Task<StagedData> StageAsync(string content, ChecksumAlgorithm checksum = ChecksumAlgorithm.None) =>
        await Engine.StageAsync(new MemoryStream(Encoding.UTF8.GetBytes(content)), new StageOptions(null, checksum, EncryptionSpec.None), default).AsTask().WaitAsync(Timeout);

    public Task<WriteOutcome> PutAsync(string key, string content, string bucket = "b", WritePreconditions preconditions = default, ObjectAttributes? attributes = null) =>
        PutAsync(bucket, key, StageAsync(content), preconditions, attributes);

    private async Task<WriteOutcome> PutAsync(string bucket, string key, Task<StagedData> staging, WritePreconditions preconditions, ObjectAttributes? attributes) =>
        await Engine.CommitObjectAsync(bucket, key, await staging, attributes ?? ObjectAttributes.Empty, preconditions, default).AsTask().WaitAsync(Timeout);

    public async Task<ObjectLookup> GetAsync(string key, string? versionId = null, string bucket = "b") =>
        await Engine.GetObjectAsync(bucket, key, versionId, default).AsTask().WaitAsync(Timeout);

    public async Task<DeleteOutcome> DeleteAsync(string key, string? versionId = null, string bucket = "b") =>
        await Engine.DeleteObjectAsync(bucket, key, versionId, default).AsTask().WaitAsync(Timeout);

    /// <summary>The content of a version, read back through the engine.</summary>
    public string Read(ObjectVersion version)
    {
        Assert.Equal(EngineStatus.Ok, Engine.OpenRead(version, 0, version.Size, EncryptionSpec.None, out var stream));
        using var reader = new StreamReader(stream!, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
