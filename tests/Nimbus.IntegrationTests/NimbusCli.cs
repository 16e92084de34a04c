using System.Diagnostics;

namespace Nimbus.IntegrationTests;

/// <summary>Runs the real CLI as a separate process.</summary>
internal static class NimbusCli
{
    public static async Task<CliResult> RunAsync(string dataDirectory, TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Repo.NimbusDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.ArgumentList.Add("--data");
        info.ArgumentList.Add(dataDirectory);
        info.Environment.Remove("NIMBUS_API");
        info.Environment.Remove("NIMBUS_TOKEN");
        info.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"nimbus {string.Join(' ', args)} did not finish within {timeout.TotalSeconds}s; stderr so far: {await stderr}");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
