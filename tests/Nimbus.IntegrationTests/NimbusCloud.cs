using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Nimbus.Api;
using Nimbus.Api.Client;
using Nimbus.Api.Contracts;

namespace Nimbus.IntegrationTests;

/// <summary>A real <c>nimbus up</c> process on free ports in its own data directory.</summary>
internal sealed class NimbusCloud : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly bool _ownsData;

    private NimbusCloud(string data, bool ownsData, Process process)
    {
        Data = data;
        _ownsData = ownsData;
        Process = process;
    }

    public string Data { get; }
    public Process Process { get; }
    public NimbusClient Client { get; private set; } = null!;
    public Uri Api { get; private set; } = null!;
    public string Token { get; private set; } = "";
    /// <summary>The edge's plain-HTTP listener, e.g. http://127.0.0.1:41234/.</summary>
    public Uri? Http { get; private set; }
    public Uri? Https { get; private set; }
    /// <summary>The DNS server's address:port (UDP and TCP).</summary>
    public string? Dns { get; private set; }
    /// <summary>The S3 endpoint, e.g. http://127.0.0.1:41235/.</summary>
    public Uri? S3 { get; private set; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string NewDataDirectory()
    {
        var dir = Directory.CreateTempSubdirectory("nimbus-it-").FullName;
        // Instances run as an unprivileged user who must be able to reach the release directories inside.
        File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        return dir;
    }

    public static async Task<NimbusCloud> StartAsync(string? data = null, params string[] args)
    {
        var ownsData = data is null;
        data ??= NewDataDirectory();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Repo.NimbusDll);
        // Every port free unless the test says otherwise: tests run side by side.
        string[] ports = ["--api-port", "0", "--http-port", "0", "--https-port", "0", "--dns-port", "0", "--s3-port", "0"];
        foreach (var arg in (string[])["up", "--data", data, .. ports, .. args])
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["NO_COLOR"] = "1";
        var cloud = new NimbusCloud(data, ownsData, Process.Start(info)!);
        cloud.Process.OutputDataReceived += (_, e) => cloud.Append(e.Data);
        cloud.Process.ErrorDataReceived += (_, e) => cloud.Append(e.Data);
        cloud.Process.BeginOutputReadLine();
        cloud.Process.BeginErrorReadLine();
        Endpoints endpoints;
        try
        {
            endpoints = await WaitForEndpointsAsync(cloud, data);
        }
        catch
        {
            // A cloud that never came up must not outlive the test that started it.
            if (!cloud.Process.HasExited)
            {
                cloud.Process.Kill(entireProcessTree: true);
            }
            throw;
        }
        cloud.Api = new Uri(endpoints.Api.TrimEnd('/') + "/");
        cloud.Http = endpoints.Http is null ? null : new Uri(endpoints.Http.TrimEnd('/') + "/");
        cloud.Https = endpoints.Https is null ? null : new Uri(endpoints.Https.TrimEnd('/') + "/");
        cloud.Dns = endpoints.Dns;
        cloud.S3 = endpoints.S3 is null ? null : new Uri(endpoints.S3.TrimEnd('/') + "/");
        cloud.Token = (await File.ReadAllTextAsync(Path.Combine(data, "credentials"))).Trim();
        cloud.Client = new NimbusClient(cloud.Api, cloud.Token);
        return cloud;
    }

    private static Task<Endpoints> WaitForEndpointsAsync(NimbusCloud cloud, string data) =>
        Poll.UntilAsync(async () =>
        {
            if (cloud.Process.HasExited)
            {
                throw new InvalidOperationException($"nimbus up exited with {cloud.Process.ExitCode}:\n{cloud.Output}");
            }
            var path = Path.Combine(data, "endpoints.json");
            // A file left by a process killed hard names another pid: wait for this process's own.
            var written = File.Exists(path) ? JsonSerializer.Deserialize(await File.ReadAllTextAsync(path), NimbusJson.Default.Endpoints) : null;
            return written?.Pid == cloud.Process.Id ? written : null;
        }, TimeSpan.FromSeconds(60), "nimbus up to write endpoints.json");

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public Task<CliResult> CliAsync(params string[] args) => NimbusCli.RunAsync(Data, TimeSpan.FromMinutes(3), args);

    /// <summary>SIGTERM, then wait for a graceful exit; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!Process.HasExited)
        {
            Signals.Send(Process.Id, Signals.SIGTERM);
        }
        using var cts = new CancellationTokenSource(timeout);
        await Process.WaitForExitAsync(cts.Token);
        return Process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (!Process.HasExited)
        {
            try
            {
                await StopAsync(TimeSpan.FromSeconds(30));
            }
            catch (OperationCanceledException)
            {
                Process.Kill(entireProcessTree: true);
            }
        }
        Process.Dispose();
        if (_ownsData)
        {
            try
            {
                Directory.Delete(Data, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
