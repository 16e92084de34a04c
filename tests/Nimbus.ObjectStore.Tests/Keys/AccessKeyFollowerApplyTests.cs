using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.Api;
using Nimbus.Api.Client;
using Nimbus.Api.Resources;
using Nimbus.ObjectStore.Keys;
using Nimbus.ObjectStore.S3.Auth;

namespace Nimbus.ObjectStore.Tests.Keys;

/// <summary>How watch events change the snapshot, and the registration; no server involved.</summary>
public sealed class AccessKeyFollowerApplyTests : IDisposable
{
    private const string Id = "NKTESTTESTTESTTEST01";
    private readonly NimbusClient _client = new(new Uri("http://127.0.0.1:9/"), "unused-token");
    private readonly AccessKeyFollower _follower;

    public AccessKeyFollowerApplyTests() => _follower = new(_client, TimeProvider.System, NullLogger<AccessKeyFollower>.Instance);

    public void Dispose()
    {
        _follower.Dispose();
        _client.Dispose();
    }

    [Fact]
    public void Put_ThenDelete_AddsThenRemovesTheCredential()
    {
        _follower.Apply(Event("put", Id, "secret-one", revision: 5));
        Assert.True(_follower.TryGet(Id, out var credential));
        Assert.Equal(new S3Credential(Id, "secret-one", "default"), credential);

        _follower.Apply(Event("delete", Id, "secret-one", revision: 6));

        Assert.False(_follower.TryGet(Id, out _));
        Assert.Equal(6, _follower.Revision);
    }

    [Fact]
    public void Put_OfAnExistingKey_ReplacesItsSecret_AndAnEarlierSnapshotIsUntouched()
    {
        _follower.Apply(Event("put", Id, "old", revision: 5));
        _follower.TryGet(Id, out var before);

        _follower.Apply(Event("put", Id, "new", revision: 7));

        Assert.True(_follower.TryGet(Id, out var after));
        Assert.Equal("new", after.SecretAccessKey);
        Assert.Equal("old", before!.SecretAccessKey);
    }

    [Fact]
    public void OtherKindsAndBookmarks_ChangeNothing()
    {
        _follower.Apply(new WatchEvent { Type = "put", Kind = "apps", Name = Id, Revision = 3 });
        _follower.Apply(new WatchEvent { Type = "bookmark", Revision = 9 });

        Assert.Equal(0, _follower.Count);
        Assert.Equal(9, _follower.Revision);
    }

    [Fact]
    public void Lookup_IsCaseSensitive_LikeAws()
    {
        _follower.Apply(Event("put", Id, "s", revision: 1));

        Assert.False(_follower.TryGet(Id.ToLowerInvariant(), out _));
    }

    [Fact]
    public void AddAccessKeyFollower_Twice_RegistersOneFollowerThatIsTheCredentialStore()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddAccessKeyFollower(new Uri("http://127.0.0.1:9/"), "token");
        services.AddAccessKeyFollower(new Uri("http://127.0.0.1:9/"), "token");
        using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<ICredentialStore>();
        var hosted = Assert.Single(provider.GetServices<IHostedService>());

        Assert.Same(provider.GetRequiredService<AccessKeyFollower>(), store);
        Assert.Same(store, hosted);
    }

    private static WatchEvent Event(string type, string id, string secret, long revision) => new()
    {
        Type = type,
        Kind = "accesskeys",
        Name = id,
        Revision = revision,
        Object = JsonSerializer.SerializeToElement(new AccessKey
        {
            Metadata = new ObjectMeta { Name = id },
            Spec = new AccessKeySpec { Secret = secret, Description = "d" },
        }, NimbusJson.Default.AccessKey),
    };
}
