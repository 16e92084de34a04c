namespace Nimbus.IntegrationTests;

/// <summary><c>nimbus up</c> itself: locking, graceful stop, restore after restart.</summary>
public sealed class LifecycleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Up_OnADataDirInUse_Refuses()
    {
        await using var first = await NimbusCloud.StartAsync();

        var second = await NimbusCli.RunAsync(first.Data, TimeSpan.FromSeconds(60), "up", "--api-port", "0");

        Assert.Equal(7, second.ExitCode);
        Assert.Contains("already running", second.Stderr);
        Assert.Contains(first.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), second.Stderr);
    }

    [Fact]
    public async Task Up_WritesEndpointsAndOwnerOnlyCredentials()
    {
        await using var cloud = await NimbusCloud.StartAsync();

        var mode = File.GetUnixFileMode(Path.Combine(cloud.Data, "credentials"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        var endpoints = await File.ReadAllTextAsync(Path.Combine(cloud.Data, "endpoints.json"));
        Assert.Contains($"\"api\":\"{cloud.Api.ToString().TrimEnd('/')}\"", endpoints);
    }

    [Fact]
    public async Task Up_StoppedWithSigterm_StopsEveryInstance_AndARestartRestoresTheApp()
    {
        var data = NimbusCloud.NewDataDirectory();
        var app = TestApps.CopyHelloPython();
        try
        {
            List<Api.Contracts.InstanceView> before;
            await using (var cloud = await NimbusCloud.StartAsync(data))
            {
                await cloud.DeployAsync(app, "--instances", "2");
                before = await cloud.ReadyAsync("hello", 2, Patience);

                Assert.Equal(0, await cloud.StopAsync(TimeSpan.FromSeconds(30)));
                Assert.All(before, i => Assert.False(Signals.IsAlive(i.Pid), $"instance pid {i.Pid} outlived nimbus up"));
                Assert.Contains("Nimbus stopped", cloud.Output);
            }

            await using var again = await NimbusCloud.StartAsync(data);
            var after = await again.ReadyAsync("hello", 2, Patience);
            foreach (var instance in after)
            {
                Assert.StartsWith("hello from", await Http.GetAsync(instance.Address));
            }
        }
        finally
        {
            Directory.Delete(app, recursive: true);
            Directory.Delete(data, recursive: true);
        }
    }
}
