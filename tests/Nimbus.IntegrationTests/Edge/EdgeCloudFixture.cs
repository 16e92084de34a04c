namespace Nimbus.IntegrationTests.Edge;

/// <summary>One cloud with the echo app on two instances, shared by the proxy tests that only read from it.</summary>
public sealed class EdgeCloudFixture : IAsyncLifetime
{
    internal NimbusCloud Cloud { get; private set; } = null!;
    internal HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cloud = await NimbusCloud.StartAsync();
        await Cloud.DeployAsync(EchoApp.Copy(), "--instances", "2");
        await Cloud.DeployAsync(EchoApp.Copy(CachedManifest));
        await Cloud.DeployAsync(EchoApp.Copy(LimitedManifest));
        Client = EdgeHttp.Client(Cloud);
        await EchoApp.WaitRoutedAsync(Client, Cloud, "echo", 2);
        await EchoApp.WaitRoutedAsync(Client, Cloud, "cached", 1);
    }

    /// <summary>One instance, so the origin's hit counter in the body identifies a cached copy.</summary>
    public static readonly string CachedManifest = EchoApp.Manifest("cached", """
        edge:
          cache: true
        """);

    public static readonly string LimitedManifest = EchoApp.Manifest("limited", """
        edge:
          rate_limit:
            rate: 0.2
            burst: 3
        """);

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Cloud is not null)
        {
            await Cloud.DisposeAsync();
        }
    }
}

/// <summary>The edge tests that only read from the shared cloud run in one collection, against one cloud.</summary>
[CollectionDefinition(Name)]
public sealed class EdgeCloudCollection : ICollectionFixture<EdgeCloudFixture>
{
    public const string Name = "edge cloud";
}
