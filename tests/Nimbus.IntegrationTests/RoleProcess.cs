using System.Diagnostics;
using System.Text;

namespace Nimbus.IntegrationTests;

/// <summary>A standalone <c>nimbus agent</c> or <c>nimbus edge</c> process joining a cloud.</summary>
internal sealed class RoleProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();

    private readonly bool _ownsData;

    private RoleProcess(Process process, string data, bool ownsData = true)
    {
        Process = process;
        Data = data;
        _ownsData = ownsData;
    }

    public Process Process { get; }
    public string Data { get; }

    public static RoleProcess Start(NimbusCloud cloud, string zone) => Start(cloud, "agent", zone, "--stop-grace", "5s");

    /// <summary>A <c>nimbus edge</c> on free ports.</summary>
    public static RoleProcess StartEdge(NimbusCloud cloud, string zone) =>
        Start(cloud, "edge", zone, "--http-port", "0", "--https-port", "0", "--dns-port", "0");

    /// <summary>A <c>nimbus storage</c> node on <paramref name="data"/>, which the caller owns (a restarted node reuses it).</summary>
    public static RoleProcess StartStorage(NimbusCloud cloud, string zone, string data) => Start(cloud, "storage", zone, data, ownsData: false, "--s3-port", "0");

    private static RoleProcess Start(NimbusCloud cloud, string role, string zone, params string[] args) =>
        Start(cloud, role, zone, NimbusCloud.NewDataDirectory(), ownsData: true, args);

    private static RoleProcess Start(NimbusCloud cloud, string role, string zone, string data, bool ownsData, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[Repo.NimbusDll, role, "--join", cloud.Api.ToString(), "--token", cloud.Token, "--zone", zone, "--data", data, .. args])
        {
            info.ArgumentList.Add(arg);
        }
        var agent = new RoleProcess(Process.Start(info)!, data, ownsData);
        agent.Process.OutputDataReceived += (_, e) => agent.Append(e.Data);
        agent.Process.ErrorDataReceived += (_, e) => agent.Append(e.Data);
        agent.Process.BeginOutputReadLine();
        agent.Process.BeginErrorReadLine();
        return agent;
    }

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

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    public async Task<int> StopAsync(int signal, TimeSpan timeout)
    {
        Signals.Send(Process.Id, signal);
        using var cts = new CancellationTokenSource(timeout);
        await Process.WaitForExitAsync(cts.Token);
        return Process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            try
            {
                await StopAsync(Signals.SIGTERM, TimeSpan.FromSeconds(30));
            }
            catch (OperationCanceledException)
            {
                Process.Kill(entireProcessTree: true);
            }
        }
        Process.Dispose();
        if (!_ownsData)
        {
            return;
        }
        try
        {
            Directory.Delete(Data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
