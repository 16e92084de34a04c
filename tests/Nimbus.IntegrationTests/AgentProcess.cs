using System.Diagnostics;
using System.Text;

namespace Nimbus.IntegrationTests;

/// <summary>A standalone <c>nimbus agent</c> process joining a cloud.</summary>
internal sealed class AgentProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();

    private AgentProcess(Process process, string data)
    {
        Process = process;
        Data = data;
    }

    public Process Process { get; }
    public string Data { get; }

    public static AgentProcess Start(NimbusCloud cloud, string zone)
    {
        var data = NimbusCloud.NewDataDirectory();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[Repo.NimbusDll, "agent", "--join", cloud.Api.ToString(), "--token", cloud.Token, "--zone", zone, "--data", data, "--stop-grace", "5s"])
        {
            info.ArgumentList.Add(arg);
        }
        var agent = new AgentProcess(Process.Start(info)!, data);
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
        try
        {
            Directory.Delete(Data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
