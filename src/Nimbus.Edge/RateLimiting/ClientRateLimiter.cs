using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using Nimbus.Api.Resources;

namespace Nimbus.Edge.RateLimiting;

/// <summary>
/// Per app, a token bucket per client IP: <see cref="RateLimitSettings.Rate"/> requests per second sustained, bursts
/// up to <see cref="RateLimitSettings.Burst"/>. Built for the proxy's hot path: a known client costs two lock-free
/// table lookups and one uncontended per-bucket lock, with no allocation and no lock shared between clients.
/// </summary>
/// <remarks>
/// Memory is bounded by <see cref="ClientRateLimiterOptions.MaxClients"/> buckets over all apps. A new client at the
/// bound triggers a sweep (amortised: it frees an eighth of the room at once) that drops buckets which have refilled
/// to the brim — a full bucket is what a new client gets anyway, so nothing is lost — and only then, if that is not
/// enough (more clients busy at once than the bound), those closest to full: a one-off client gives away a token or
/// two, while the busy client hammering the app keeps its empty bucket.
/// </remarks>
internal sealed class ClientRateLimiter
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<ClientKey, TokenBucket>> _apps = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly int _maxClients;
    private readonly Lock _sweepGate = new();
    private int _count;

    public ClientRateLimiter(ClientRateLimiterOptions options, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxClients, 1);
        _maxClients = options.MaxClients;
        _time = time;
    }

    /// <summary>Client buckets held now, over all apps.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Takes a token from <paramref name="client"/>'s bucket for <paramref name="app"/>, or says how long until
    /// there is one. <paramref name="settings"/> are read on every call, so a new release's limits apply at once.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Settings outside <see cref="EdgeLimits"/> (the manifest checks
    /// reject them, so this is a bug).</exception>
    public RateLimitDecision TryAcquire(string app, RateLimitSettings settings, IPAddress client)
    {
        var rate = settings.Rate;
        var burst = settings.Burst;
        if (EdgeLimits.CheckRate(rate) is not null || EdgeLimits.CheckBurst(burst) is not null)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), $"rate {rate}, burst {burst}: outside the edge limits");
        }
        var key = ClientKey.From(client);
        var buckets = _apps.TryGetValue(app, out var found) ? found : _apps.GetOrAdd(app, static _ => new());
        var frequency = _time.TimestampFrequency;
        while (true)
        {
            var now = _time.GetTimestamp();
            if (!buckets.TryGetValue(key, out var bucket))
            {
                bucket = Add(buckets, key, now, rate, burst);
            }
            switch (bucket.TryTake(now, frequency, rate, burst, out var waitSeconds))
            {
                case TakeResult.Taken:
                    return RateLimitDecision.Allow;
                case TakeResult.Denied:
                    // Rounded up to a whole tick: after waiting this long, the token is there.
                    return new RateLimitDecision(false, TimeSpan.FromTicks((long)Math.Ceiling(waitSeconds * TimeSpan.TicksPerSecond)));
                default:
                    // Evicted between lookup and use: its entry is gone or going (whoever removes it counts it); make a fresh one.
                    Remove(buckets, key, bucket);
                    continue;
            }
        }
    }

    /// <summary>Drops every bucket of an app (it was destroyed).</summary>
    public void Forget(string app)
    {
        if (!_apps.TryGetValue(app, out var buckets))
        {
            return;
        }
        var now = _time.GetTimestamp();
        foreach (var (key, bucket) in buckets)
        {
            bucket.TryEvict(now, _time.TimestampFrequency, double.PositiveInfinity);
            Remove(buckets, key, bucket);
        }
    }

    private TokenBucket Add(ConcurrentDictionary<ClientKey, TokenBucket> buckets, ClientKey key, long now, double rate, int burst)
    {
        while (true)
        {
            if (Interlocked.Increment(ref _count) > _maxClients)
            {
                Interlocked.Decrement(ref _count);
                Sweep();
                continue;
            }
            var bucket = new TokenBucket(now, rate, burst);
            if (buckets.TryAdd(key, bucket))
            {
                return bucket;
            }
            Interlocked.Decrement(ref _count);
            if (buckets.TryGetValue(key, out var other))
            {
                return other;
            }
        }
    }

    private void Remove(ConcurrentDictionary<ClientKey, TokenBucket> buckets, ClientKey key, TokenBucket bucket)
    {
        if (buckets.TryRemove(new KeyValuePair<ClientKey, TokenBucket>(key, bucket)))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>Frees room for at least an eighth of <see cref="ClientRateLimiterOptions.MaxClients"/>: full buckets
    /// first, then those closest to full. One sweeper at a time; whoever waited finds the room already made.</summary>
    private void Sweep()
    {
        lock (_sweepGate)
        {
            var target = _maxClients - Math.Max(1, _maxClients / 8);
            if (Count <= target)
            {
                return;
            }
            var now = _time.GetTimestamp();
            var frequency = _time.TimestampFrequency;
            foreach (var buckets in _apps.Values)
            {
                foreach (var (key, bucket) in buckets)
                {
                    if (bucket.TryEvict(now, frequency, maxDeficit: 0))
                    {
                        Remove(buckets, key, bucket);
                    }
                }
            }
            var excess = Count - target;
            if (excess > 0)
            {
                EvictClosestToFull(excess, now, frequency);
            }
        }
    }

    private void EvictClosestToFull(int excess, long now, long frequency)
    {
        var deficits = ArrayPool<double>.Shared.Rent(Count + 64);
        try
        {
            var n = 0;
            foreach (var buckets in _apps.Values)
            {
                foreach (var (_, bucket) in buckets)
                {
                    if (n == deficits.Length)
                    {
                        break;
                    }
                    deficits[n++] = bucket.Deficit(now, frequency);
                }
            }
            if (n == 0)
            {
                return;
            }
            Array.Sort(deficits, 0, n);
            var cutoff = deficits[Math.Min(excess, n) - 1];
            foreach (var buckets in _apps.Values)
            {
                foreach (var (key, bucket) in buckets)
                {
                    if (bucket.TryEvict(now, frequency, cutoff))
                    {
                        Remove(buckets, key, bucket);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(deficits);
        }
    }
}
