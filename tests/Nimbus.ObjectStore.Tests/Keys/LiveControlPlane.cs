using Nimbus.Api.Client;
using Nimbus.ControlPlane;

namespace Nimbus.ObjectStore.Tests.Keys;

/// <summary>A real control plane (Kestrel on port 0) in a temp data dir, with a client holding its token.</summary>
internal sealed class LiveControlPlane : IAsyncDisposable
{
    public const string Token = "test-token-0123456789";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private LiveControlPlane(string data, ControlPlaneHost host)
    {
        Data = data;
        Host = host;
        Client = new NimbusClient(host.Address, Token);
    }

    public string Data { get; }
    public ControlPlaneHost Host { get; }
    public NimbusClient Client { get; }

    public static async Task<LiveControlPlane> StartAsync(string prefix)
    {
        var data = Directory.CreateTempSubdirectory(prefix).FullName;
        var options = new ControlPlaneOptions { DataDirectory = data, AdminToken = Token, Port = 0 };
        return new LiveControlPlane(data, await ControlPlaneHost.StartAsync(options, _ => { }, default).WaitAsync(StartTimeout));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        Directory.Delete(Data, recursive: true);
    }
}
