using System.Diagnostics;
using System.Net;

namespace Nimbus.Edge.Tests.Dns;

/// <summary>Runs the real <c>dig</c> against a server, bounded in time.</summary>
internal static class DigRunner
{
    public static string? Path { get; } = Find();

    public static async Task<string> RunAsync(IPEndPoint server, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add($"@{server.Address}");
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("+time=2");
        start.ArgumentList.Add("+tries=1");
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dig {string.Join(' ', arguments)} did not finish in 20 s");
        }

        string stdout = await output;
        Assert.True(process.ExitCode == 0, $"dig {string.Join(' ', arguments)} exited {process.ExitCode}: {stdout}{await error}");
        return stdout;
    }

    private static string? Find()
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
        {
            string candidate = System.IO.Path.Combine(directory, "dig");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
