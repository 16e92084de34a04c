using System.Diagnostics;

namespace Nimbus.IntegrationTests.Edge;

/// <summary>Runs <c>dig</c> against a cloud's DNS port, as a user would.</summary>
internal static class Dig
{
    public static async Task<string> RunAsync(NimbusCloud cloud, params string[] args)
    {
        var (host, port) = (cloud.Dns!.Split(':')[0], cloud.Dns!.Split(':')[1]);
        var info = new ProcessStartInfo("dig") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[$"@{host}", "-p", port, "+time=2", "+tries=2", .. args])
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return output;
    }
}
