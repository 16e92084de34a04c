using System.Net;
using Nimbus.Api.Resources;
using Nimbus.Edge.RateLimiting;

namespace Nimbus.Edge.Tests.RateLimiting;

public sealed class ClientRateLimiterTests
{
    private static readonly IPAddress Alice = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Bob = IPAddress.Parse("192.0.2.2");

    private readonly ManualTimeProvider _time = new();

    private ClientRateLimiter Limiter(int maxClients = 100_000) => new(new ClientRateLimiterOptions { MaxClients = maxClients }, _time);

    private static RateLimitSettings Limit(double rate, int burst) => new() { Rate = rate, Burst = burst };

    private static int Granted(ClientRateLimiter limiter, string app, RateLimitSettings settings, IPAddress client, int attempts)
    {
        var granted = 0;
        for (var i = 0; i < attempts; i++)
        {
            granted += limiter.TryAcquire(app, settings, client).Allowed ? 1 : 0;
        }
        return granted;
    }

    [Fact]
    public void TryAcquire_Burst_IsGrantedThenDenied()
    {
        var limiter = Limiter();
        var settings = Limit(1, 5);

        Assert.Equal(5, Granted(limiter, "web", settings, Alice, 5));
        var denied = limiter.TryAcquire("web", settings, Alice);

        Assert.False(denied.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(1), denied.RetryAfter);
        Assert.Equal(1, denied.RetryAfterSeconds);
    }

    [Fact]
    public void TryAcquire_AfterTime_RefillsAtTheRate()
    {
        var limiter = Limiter();
        var settings = Limit(10, 10);
        Assert.Equal(10, Granted(limiter, "web", settings, Alice, 20));

        _time.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Equal(5, Granted(limiter, "web", settings, Alice, 20));
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(10, Granted(limiter, "web", settings, Alice, 20));
    }

    [Fact]
    public void TryAcquire_FractionalRate_GrantsOneEveryTwoSeconds()
    {
        var limiter = Limiter();
        var settings = Limit(0.5, 1);
        Assert.True(limiter.TryAcquire("web", settings, Alice).Allowed);

        var denied = limiter.TryAcquire("web", settings, Alice);
        _time.Advance(TimeSpan.FromSeconds(1.5));
        var stillDenied = limiter.TryAcquire("web", settings, Alice);
        _time.Advance(TimeSpan.FromSeconds(0.5));

        Assert.Equal(TimeSpan.FromSeconds(2), denied.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(0.5), stillDenied.RetryAfter);
        Assert.Equal(1, stillDenied.RetryAfterSeconds);
        Assert.True(limiter.TryAcquire("web", settings, Alice).Allowed);
        Assert.False(limiter.TryAcquire("web", settings, Alice).Allowed);
    }

    [Fact]
    public void TryAcquire_RateOfAThird_GrantsAfterExactlyThreeSeconds()
    {
        var limiter = Limiter();
        var settings = Limit(1.0 / 3, 1);
        Assert.True(limiter.TryAcquire("web", settings, Alice).Allowed);

        for (var i = 0; i < 3; i++)
        {
            Assert.False(limiter.TryAcquire("web", settings, Alice).Allowed);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(limiter.TryAcquire("web", settings, Alice).Allowed);
    }

    [Theory]
    [InlineData(0.25, 4)]
    [InlineData(0.1, 10)]
    [InlineData(100, 1)]
    public void TryAcquire_Denied_RetryAfterIsWhenTheNextTokenComes(double rate, int expectedSeconds)
    {
        var limiter = Limiter();
        var settings = Limit(rate, 1);
        limiter.TryAcquire("web", settings, Alice);

        var denied = limiter.TryAcquire("web", settings, Alice);

        Assert.Equal(expectedSeconds, denied.RetryAfterSeconds);
        _time.Advance(denied.RetryAfter - TimeSpan.FromTicks(1));
        Assert.False(limiter.TryAcquire("web", settings, Alice).Allowed);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.True(limiter.TryAcquire("web", settings, Alice).Allowed);
    }

    [Fact]
    public void TryAcquire_OneClientExhausted_OtherClientsAreNotAffected()
    {
        var limiter = Limiter();
        var settings = Limit(1, 3);
        Assert.Equal(3, Granted(limiter, "web", settings, Alice, 10));

        Assert.Equal(3, Granted(limiter, "web", settings, Bob, 10));
        Assert.Equal(3, Granted(limiter, "web", settings, IPAddress.Parse("2001:db8::1"), 10));
        Assert.Equal(3, Granted(limiter, "web", settings, IPAddress.Parse("2001:db8:0:1::1"), 10));
    }

    [Fact]
    public void TryAcquire_Ipv6AddressesOfOneSlash64_ShareABucket()
    {
        var limiter = Limiter();
        var settings = Limit(1, 3);
        Assert.Equal(3, Granted(limiter, "web", settings, IPAddress.Parse("2001:db8::1"), 10));

        Assert.Equal(0, Granted(limiter, "web", settings, IPAddress.Parse("2001:db8::ffff:2"), 10));
    }

    [Fact]
    public void TryAcquire_Ipv4MappedAddress_IsTheSameClientAsIpv4()
    {
        var limiter = Limiter();
        var settings = Limit(1, 3);
        Assert.Equal(3, Granted(limiter, "web", settings, Alice, 3));

        Assert.False(limiter.TryAcquire("web", settings, Alice.MapToIPv6()).Allowed);
        Assert.Equal(1, limiter.Count);
    }

    [Fact]
    public void TryAcquire_OneAppExhausted_SameClientOnAnotherAppIsNotAffected()
    {
        var limiter = Limiter();
        var settings = Limit(1, 2);
        Assert.Equal(2, Granted(limiter, "web", settings, Alice, 10));

        Assert.Equal(2, Granted(limiter, "api", settings, Alice, 10));
    }

    [Fact]
    public void TryAcquire_SettingsChange_TakesEffectAtOnce()
    {
        var limiter = Limiter();
        Assert.Equal(2, Granted(limiter, "web", Limit(1, 2), Alice, 10));
        _time.Advance(TimeSpan.FromSeconds(10));

        // A new release lowers the burst: the full bucket holds no more than the new size.
        Assert.Equal(1, Granted(limiter, "web", Limit(1, 1), Alice, 10));
        _time.Advance(TimeSpan.FromSeconds(0.1));
        // And raises rate and burst: the next request already refills at the new rate, up to the new size.
        Assert.Equal(10, Granted(limiter, "web", Limit(100, 50), Alice, 100));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(50, Granted(limiter, "web", Limit(100, 50), Alice, 100));
    }

    [Fact]
    public void TryAcquire_ManyClients_KeepsAtMostMaxClientsAndForgetsFullBucketsFirst()
    {
        var limiter = Limiter(maxClients: 100);
        var settings = Limit(1, 2);
        // Alice is mid-burst (her bucket holds state worth keeping), then many clients come and go.
        limiter.TryAcquire("web", settings, Alice);
        limiter.TryAcquire("web", settings, Alice);

        for (var i = 0; i < 1000; i++)
        {
            limiter.TryAcquire("web", settings, new IPAddress(0x0A000000u + (uint)i));
            Assert.True(limiter.Count <= 100, $"after {i}: {limiter.Count} clients");
            if (i % 10 == 0)
            {
                _time.Advance(TimeSpan.FromMilliseconds(100));
            }
        }
        // The flood took long enough to refill Alice's bucket: she was dropped losslessly (a fresh bucket is full anyway).
        Assert.Equal(2, Granted(limiter, "web", settings, Alice, 5));
    }

    [Fact]
    public void TryAcquire_MoreBusyClientsThanTheBound_StaysBoundedAndKeepsTheBusiestBuckets()
    {
        var limiter = Limiter(maxClients: 50);
        var settings = Limit(0.001, 10);
        // Alice spent her whole burst; then a crowd of clients that each send one request.
        Assert.Equal(10, Granted(limiter, "web", settings, Alice, 10));
        for (var i = 0; i < 500; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            limiter.TryAcquire("web", settings, new IPAddress(0x0A000000u + (uint)i));
            Assert.True(limiter.Count <= 50);
        }

        // Forgetting a one-off client gives away one token; forgetting Alice would give away ten: she stays empty.
        Assert.False(limiter.TryAcquire("web", settings, Alice).Allowed);
        Assert.Equal(9, Granted(limiter, "web", settings, new IPAddress(0x0A000000u + 499), 20));
    }

    [Fact]
    public void TryAcquire_KnownClient_AllocatesNothing()
    {
        var limiter = Limiter();
        var settings = Limit(1_000_000, 1_000_000);
        var v6 = IPAddress.Parse("2001:db8::7");
        limiter.TryAcquire("web", settings, Alice);
        limiter.TryAcquire("web", settings, v6);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            limiter.TryAcquire("web", settings, Alice);
            limiter.TryAcquire("web", settings, v6);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Forget_DropsTheAppsBuckets()
    {
        var limiter = Limiter();
        var settings = Limit(1, 1);
        limiter.TryAcquire("web", settings, Alice);
        limiter.TryAcquire("api", settings, Alice);

        limiter.Forget("web");

        Assert.Equal(1, limiter.Count);
        Assert.True(limiter.TryAcquire("web", settings, Alice).Allowed);
        Assert.False(limiter.TryAcquire("api", settings, Alice).Allowed);
    }

    [Fact]
    public async Task TryAcquire_InParallel_NeverGrantsMoreThanBurstPlusRateTimesElapsed()
    {
        var limiter = Limiter(maxClients: 64);
        var settings = Limit(1000, 50);
        var granted = 0;
        var stop = 0;
        var clients = new[] { Alice, Bob };
        // One thread moves time on in 1 ms steps while four others hammer the same two clients and a crowd of
        // one-off clients (which makes sweeps run under load).
        var clock = Task.Run(() =>
        {
            for (var step = 0; step < 200; step++)
            {
                _time.Advance(TimeSpan.FromMilliseconds(1));
                Thread.Yield();
            }
            Volatile.Write(ref stop, 1);
        });
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            var n = 0u;
            // Past the clock's end too, until each worker tried 100 times: on a loaded machine a worker may start late,
            // and no time passes after the clock stops, so the extra tries can only take what is left in the bucket.
            while (Volatile.Read(ref stop) == 0 || n < 100)
            {
                if (limiter.TryAcquire("web", settings, clients[w % 2]).Allowed)
                {
                    Interlocked.Increment(ref granted);
                }
                limiter.TryAcquire("web", settings, new IPAddress(0x0B000000u + (uint)(w << 20) + n++));
            }
        })).ToArray();

        await Task.WhenAll(workers.Append(clock)).WaitAsync(TimeSpan.FromSeconds(30));

        // Two clients, 200 ms: each at most 50 + 1000 × 0.2 = 250, however the sweeps (run by the crowd of one-off
        // clients) interleave with the busy pair: their empty buckets are the last to be forgotten.
        Assert.InRange(granted, 2 * 50, 2 * (50 + 200));
        Assert.True(limiter.Count <= 64);
    }
}
