using System.Text;
using Nimbus.ObjectStore.Engine;

namespace Nimbus.ObjectStore.Tests.Engine.Data;

public sealed class EncryptionTests
{
    private static readonly byte[] CustomerKey = Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray();

    [Theory]
    [InlineData(50)]
    [InlineData(2000)]
    public async Task SseS3_RoundTrip_AndSurvivesRestart(int size)
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        var body = DataStoreScope.Bytes(size);
        var staged = await scope.StageAsync(body, EncryptionSpec.S3Managed);
        staged.MarkCommitted();
        var layout = staged.Layout.ToArray();

        await scope.ReopenAsync();

        Assert.Equal(body, await scope.ReadAsync(layout, 0, size));
    }

    [Theory]
    [InlineData(50)]
    [InlineData(2000)]
    public async Task SseC_RightKey_ReadsBack(int size)
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        var body = DataStoreScope.Bytes(size);
        await using var staged = await scope.StageAsync(body, EncryptionSpec.Customer(CustomerKey));

        Assert.Equal(body, await scope.ReadAsync(staged.Layout, 0, size, EncryptionSpec.Customer(CustomerKey.ToArray())));
    }

    [Theory]
    [InlineData(50)]
    [InlineData(2000)]
    public async Task SseC_WrongOrMissingKey_IsKeyMismatch(int size)
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        await using var staged = await scope.StageAsync(DataStoreScope.Bytes(size), EncryptionSpec.Customer(CustomerKey));
        var wrong = CustomerKey.ToArray();
        wrong[0] ^= 1;

        Assert.Equal(EngineStatus.EncryptionKeyMismatch, scope.Store.OpenRead(staged.Layout, 0, size, EncryptionSpec.Customer(wrong), out var s1));
        Assert.Equal(EngineStatus.EncryptionKeyMismatch, scope.Store.OpenRead(staged.Layout, 0, size, EncryptionSpec.None, out var s2));
        Assert.Equal(EngineStatus.EncryptionKeyMismatch, scope.Store.OpenRead(staged.Layout, 0, size, EncryptionSpec.S3Managed, out var s3));
        Assert.Null(s1 ?? s2 ?? s3);
        Assert.Equal(0, scope.Store.LeasedChunks);
    }

    [Fact]
    public async Task CustomerKey_ForDataNotEncryptedWithOne_IsKeyMismatch()
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        await using var staged = await scope.StageAsync(DataStoreScope.Bytes(500), EncryptionSpec.S3Managed);

        Assert.Equal(EngineStatus.EncryptionKeyMismatch, scope.Store.OpenRead(staged.Layout, 0, 500, EncryptionSpec.Customer(CustomerKey), out _));
    }

    [Fact]
    public async Task MasterKey_IsCreatedOwnerOnly()
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);

        var path = Path.Combine(scope.Directory, "master.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(32, new FileInfo(path).Length);
        Assert.Empty(Directory.GetFiles(scope.Directory, "*.tmp"));
    }

    [Theory]
    [InlineData(false, 80)]
    [InlineData(false, 3000)]
    [InlineData(true, 80)]
    [InlineData(true, 3000)]
    public async Task EncryptedBody_NoPlaintextOrKeyInAnyFileOrLayout(bool customer, int size)
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        var phrase = Encoding.ASCII.GetBytes("NIMBUS-SECRET-PLAINTEXT-");
        var body = new byte[size];
        for (var i = 0; i < size; i++)
        {
            body[i] = phrase[i % phrase.Length];
        }
        var encryption = customer ? EncryptionSpec.Customer(CustomerKey) : EncryptionSpec.S3Managed;
        await using var staged = await scope.StageAsync(body, encryption);
        var masterKey = await File.ReadAllBytesAsync(Path.Combine(scope.Directory, "master.key"));

        var places = Directory.GetFiles(scope.Directory, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "master.key")
            .Select(f => (Name: f, Bytes: File.ReadAllBytes(f)))
            .Append(("layout", staged.Layout.ToArray()))
            .ToList();
        Assert.NotEmpty(places);
        foreach (var (name, bytes) in places)
        {
            Assert.True(bytes.AsSpan().IndexOf(phrase.AsSpan(0, 12)) < 0, $"plaintext in {name}");
            Assert.True(bytes.AsSpan().IndexOf(CustomerKey.AsSpan(0, 16)) < 0, $"customer key in {name}");
            Assert.True(bytes.AsSpan().IndexOf(masterKey.AsSpan(0, 16)) < 0, $"master key in {name}");
        }
        var key = customer ? EncryptionSpec.Customer(CustomerKey) : EncryptionSpec.None;
        Assert.Equal(body, await scope.ReadAsync(staged.Layout, 0, size, key));
    }

    [Fact]
    public async Task SseC_KeyOfWrongLength_IsRefusedWhenStaging()
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);

        await Assert.ThrowsAsync<ArgumentException>(() => scope.StageAsync(DataStoreScope.Bytes(10), EncryptionSpec.Customer(new byte[16])));
    }
}
