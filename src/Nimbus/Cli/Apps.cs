using Nimbus.Api;
using Nimbus.Api.Client;
using Nimbus.Api.Resources;

namespace Nimbus.Cli;

/// <summary>Looking up the app a command names, with one message when it does not exist.</summary>
internal static class Apps
{
    public static async Task<App> RequireAsync(NimbusClient client, string name, CancellationToken ct) =>
        await client.TryGetAsync("apps", name, NimbusJson.Default.App, ct)
        ?? throw new CliException(ExitCodes.NotFound, $"app '{name}' does not exist ('nimbus apps' lists them)");
}
