using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Nimbus.Api.Resources;
using Nimbus.Edge.Routing;

namespace Nimbus.Edge.Tests.Proxy.Upstream;

/// <summary>What the HTTP/1.1 path tests share: a proxy harness, raw TCP backends and a request helper. Each test class
/// runs twice: on Kestrel's transport (the Http1Forwarder, as on the HTTPS port) and on the front (the plain port).</summary>
public abstract class Http1ForwarderTestBase(bool front) : IAsyncLifetime
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private protected ProxyHarness Harness { get; } = new(front);
    private readonly List<RawBackend> _raw = [];

    public Task InitializeAsync() => Harness.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var raw in _raw)
        {
            await raw.DisposeAsync();
        }
        await Harness.DisposeAsync();
    }

    private protected async Task<Destination> KestrelAsync(RequestDelegate handler, string name = "k-1")
    {
        var destination = new Destination(name, await Harness.AddBackendAsync(handler));
        Harness.Route(new EdgeSettings(), destination);
        return destination;
    }

    private protected RawBackend Raw(Func<System.Net.Sockets.NetworkStream, int, CancellationToken, Task> handler, EdgeSettings? settings = null)
    {
        var raw = new RawBackend(handler);
        _raw.Add(raw);
        Harness.Route(settings ?? new EdgeSettings(), new Destination("raw-1", raw.Address));
        return raw;
    }

    private protected async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> GetAsync(string path = "/", HttpMethod? method = null)
    {
        var response = await Harness.Client.SendAsync(Harness.Request(method ?? HttpMethod.Get, path)).WaitAsync(Wait);
        return (response.StatusCode, await response.Content.ReadAsStringAsync().WaitAsync(Wait), response);
    }
}
