using System.Diagnostics;

namespace Nimbus.IntegrationTests;

/// <summary>Runs the real CLI as a separate process.</summary>
internal static class NimbusCli
{
    public static async Task<CliResult> RunAsync(string dataDirectory, TimeSpan timeout, params string[] args)
    {
        using var process = Process.Start(StartInfo(dataDirectory, args))!;
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

    /// <summary>Starts a long-running command (logs -f); its stdout lines are collected into <paramref name="lines"/>.</summary>
    public static Process Start(string dataDirectory, System.Collections.Concurrent.ConcurrentQueue<string> lines, params string[] args)
    {
        var process = Process.Start(StartInfo(dataDirectory, args))!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lines.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        return process;
    }

    private static ProcessStartInfo StartInfo(string dataDirectory, string[] args)
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
        return info;
    }
}
