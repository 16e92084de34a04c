using System.Text.Json;
using Nimbus.Api;
using Nimbus.Api.Contracts;

namespace Nimbus.IntegrationTests;

internal static class CloudExtensions
{
    /// <summary><c>nimbus ps APP --output json</c>, parsed.</summary>
    public static async Task<List<InstanceView>> PsAsync(this NimbusCloud cloud, string app)
    {
        var result = await cloud.CliAsync("ps", app, "--output", "json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonSerializer.Deserialize(result.Stdout, NimbusJson.Default.ListInstanceView)!;
    }

    /// <summary>Waits until exactly <paramref name="count"/> instances are ready (and none are on their way out).</summary>
    public static Task<List<InstanceView>> ReadyAsync(this NimbusCloud cloud, string app, int count, TimeSpan timeout) =>
        Poll.UntilAsync(async () =>
        {
            var views = await cloud.PsAsync(app);
            return views.Count == count && views.All(v => v.State == "ready") ? views : null;
        }, timeout, $"{count} ready instances of {app}");

    public static async Task DeployAsync(this NimbusCloud cloud, string dir, params string[] args)
    {
        var result = await cloud.CliAsync(["deploy", dir, .. args]);
        Assert.True(result.ExitCode == 0, $"deploy failed: {result}\n--- up\n{cloud.Output}");
    }
}
