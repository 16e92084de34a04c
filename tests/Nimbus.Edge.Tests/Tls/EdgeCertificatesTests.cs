using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.Edge.Tls;

namespace Nimbus.Edge.Tests.Tls;

public sealed class EdgeCertificatesTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TestAuthority _authority = new();
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly FakeIssuer _issuer;
    private readonly EdgeCertificates _certificates;

    public EdgeCertificatesTests()
    {
        _issuer = new FakeIssuer(_authority, _time, "localhost", "hello.localhost");
        _certificates = new EdgeCertificates(_issuer, _time, NullLogger<EdgeCertificates>.Instance, new EdgeCertificateOptions { MaxCertificates = 10 });
    }

    public void Dispose() => _authority.Dispose();

    private Task<System.Security.Cryptography.X509Certificates.X509Certificate2?> GetAsync(string host) =>
        _certificates.GetCertificateAsync(host, default).AsTask().WaitAsync(Timeout);

    [Fact]
    public async Task Get_KnownHost_ReturnsItsCertificateWithKey_AndAsksOnlyOnce_WhateverTheCase()
    {
        var first = await GetAsync("hello.localhost");
        var second = await GetAsync("Hello.LOCALHOST.");

        Assert.NotNull(first);
        Assert.True(first.HasPrivateKey);
        Assert.True(first.MatchesHostname("hello.localhost"));
        Assert.Same(first, second);
        Assert.Equal(1, _issuer.Calls("hello.localhost"));
    }

    [Fact]
    public async Task Get_ManyConcurrentHandshakesForOneHost_FetchOnce()
    {
        _issuer.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = Enumerable.Range(0, 20).Select(_ => GetAsync("hello.localhost")).ToArray();

        _issuer.Gate.SetResult();
        var results = await Task.WhenAll(waiting);

        Assert.Equal(1, _issuer.Calls("hello.localhost"));
        Assert.All(results, r => Assert.Same(results[0], r));
    }

    [Fact]
    public async Task Get_UnknownHost_IsNull_RememberedForTheTtl_ThenAskedAgain()
    {
        Assert.Null(await GetAsync("nope.localhost"));
        Assert.Null(await GetAsync("nope.localhost"));
        Assert.Equal(1, _issuer.Calls("nope.localhost"));

        _time.Advance(TimeSpan.FromSeconds(6));
        _issuer.Hosts.Add("nope.localhost");

        Assert.NotNull(await GetAsync("nope.localhost"));
        Assert.Equal(2, _issuer.Calls("nope.localhost"));
    }

    [Fact]
    public async Task Get_NotAHostName_IsNullWithoutAskingTheIssuer()
    {
        Assert.Null(await GetAsync("bad name/../x"));
        Assert.Equal(0, _issuer.Calls("bad name/../x"));
    }

    [Fact]
    public async Task Get_WhenAThirdOfTheLifeIsLeft_ServesTheOldOneAndRenewsInTheBackground()
    {
        var old = await GetAsync("hello.localhost");
        _time.Advance(TimeSpan.FromDays(21));

        var during = await GetAsync("hello.localhost");
        Assert.Same(old, during);

        var deadline = DateTime.UtcNow + Timeout;
        System.Security.Cryptography.X509Certificates.X509Certificate2? renewed;
        while ((renewed = await GetAsync("hello.localhost")) == old && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        Assert.NotSame(old, renewed);
        Assert.Equal(2, _issuer.Calls("hello.localhost"));
    }

    [Fact]
    public async Task Get_AfterExpiry_FetchesANewOneBeforeAnswering()
    {
        var old = await GetAsync("hello.localhost");
        _time.Advance(TimeSpan.FromDays(31));

        var fresh = await GetAsync("hello.localhost");

        Assert.NotSame(old, fresh);
        Assert.True(fresh!.NotAfter.ToUniversalTime() > _time.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public async Task Get_IssuerDown_KeepsServingAValidCertificate_AndDoesNotRememberTheHostAsUnknown()
    {
        var old = await GetAsync("hello.localhost");
        _time.Advance(TimeSpan.FromDays(21));
        _issuer.Fail = true;

        Assert.Same(old, await GetAsync("hello.localhost"));
        Assert.Null(await GetAsync("localhost"));

        _issuer.Fail = false;
        Assert.NotNull(await GetAsync("localhost"));
    }

    [Fact]
    public async Task Invalidate_MakesTheNextHandshakeFetchAgain_AlsoForAnUnknownHost()
    {
        await GetAsync("hello.localhost");
        Assert.Null(await GetAsync("www.example.com"));
        _issuer.Hosts.Add("www.example.com");

        _certificates.Invalidate("hello.localhost");
        _certificates.Invalidate("WWW.example.com");

        Assert.NotNull(await GetAsync("hello.localhost"));
        Assert.NotNull(await GetAsync("www.example.com"));
        Assert.Equal(2, _issuer.Calls("hello.localhost"));
    }

    [Fact]
    public async Task Get_MoreHostsThanTheBound_KeepsAtMostTheBound_AndTheRecentOnes()
    {
        for (var i = 0; i < 30; i++)
        {
            _issuer.Hosts.Add($"app{i}.localhost");
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.NotNull(await GetAsync($"app{i}.localhost"));
            Assert.InRange(_certificates.Count, 1, 10);
        }
        await GetAsync("app29.localhost");
        Assert.Equal(1, _issuer.Calls("app29.localhost"));
    }

    [Fact]
    public async Task Get_HostTheEdgeDoesNotServe_IsRefusedWithoutAskingTheControlPlane()
    {
        _certificates.Serves = host => host == "hello.localhost";

        Assert.Null(await GetAsync("random-1.example.com"));
        Assert.NotNull(await GetAsync("hello.localhost"));

        Assert.Equal(0, _issuer.Calls("random-1.example.com"));
        Assert.Equal(1, _issuer.Calls("hello.localhost"));
    }
}
