using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.Edge.Tls;

namespace Nimbus.Edge.Tests.Tls;

/// <summary>Real Kestrel on port 0 with <see cref="EdgeCertificates.CreateHandshakeOptions"/>, and HttpClient trusting only the CA.</summary>
public sealed class HandshakeTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly TestAuthority _authority = new();
    private FakeIssuer _issuer = null!;
    private WebApplication _app = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        _issuer = new FakeIssuer(_authority, TimeProvider.System, "localhost", "hello.localhost");
        var certificates = new EdgeCertificates(_issuer, TimeProvider.System, NullLogger<EdgeCertificates>.Instance);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(certificates.CreateHandshakeOptions());
        }));
        _app = builder.Build();
        _app.MapGet("/", (HttpContext context) => $"{context.Request.Host.Host} {context.Request.Protocol}");
        await _app.StartAsync().WaitAsync(Timeout);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _port = new Uri(address).Port;
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(Timeout);
        await _app.DisposeAsync();
        _authority.Dispose();
    }

    /// <summary>Connects to the loopback port whatever the URL's host, so the host only travels as SNI and Host.</summary>
    private HttpClient Client(List<X509Certificate2> seen)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, _port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    var leaf = new X509Certificate2(certificate!);
                    seen.Add(leaf);
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(_authority.Certificate);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(leaf);
                },
            },
        };
        return new HttpClient(handler) { Timeout = Timeout };
    }

    [Fact]
    public async Task Https_WithSni_GetsThatHostsCertificate_OverHttp2()
    {
        var seen = new List<X509Certificate2>();
        using var client = Client(seen);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://hello.localhost:{_port}/") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("hello.localhost HTTP/2", await response.Content.ReadAsStringAsync());
        Assert.True(Assert.Single(seen).MatchesHostname("hello.localhost"));
    }

    [Fact]
    public async Task Https_Http11Client_IsServedToo()
    {
        var seen = new List<X509Certificate2>();
        using var client = Client(seen);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://hello.localhost:{_port}/") { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await client.SendAsync(request);

        Assert.Equal("hello.localhost HTTP/1.1", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Https_WithoutSni_GetsTheLocalhostCertificate()
    {
        var seen = new List<X509Certificate2>();
        using var client = Client(seen);

        // Clients send no SNI for an IP address.
        using var response = await client.GetAsync($"https://127.0.0.1:{_port}/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("CN=localhost", Assert.Single(seen).Subject);
    }

    [Fact]
    public async Task Https_ForAHostNimbusDoesNotServe_FailsTheHandshake()
    {
        var seen = new List<X509Certificate2>();
        using var client = Client(seen);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"https://nope.localhost:{_port}/"));
        Assert.Empty(seen);
        Assert.Equal(1, _issuer.Calls("nope.localhost"));
    }
}
