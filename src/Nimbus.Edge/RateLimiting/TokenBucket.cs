namespace Nimbus.Edge.RateLimiting;

/// <summary>One client's tokens for one app. Each bucket has its own small lock: clients never wait for each other.</summary>
/// <remarks>Rate and burst are passed on every call (not kept from the first), so a new release's limits apply to
/// the next request. Times are <see cref="TimeProvider.GetTimestamp"/> values.</remarks>
internal sealed class TokenBucket
{
    // A rate like 1/3 refills in steps that add up to 0.99999…: that counts as a whole token.
    private const double Epsilon = 1e-9;

    private readonly Lock _gate = new();
    private double _tokens;
    private long _updated;
    private double _rate;
    private int _burst;
    private bool _evicted;

    public TokenBucket(long now, double rate, int burst)
    {
        _tokens = burst;
        _updated = now;
        _rate = rate;
        _burst = burst;
    }

    public TakeResult TryTake(long now, long frequency, double rate, int burst, out double waitSeconds)
    {
        lock (_gate)
        {
            waitSeconds = 0;
            if (_evicted)
            {
                return TakeResult.Evicted;
            }
            _rate = rate;
            _burst = burst;
            Refill(now, frequency);
            if (_tokens >= 1 - Epsilon)
            {
                _tokens = Math.Max(0, _tokens - 1);
                return TakeResult.Taken;
            }
            waitSeconds = (1 - _tokens) / rate;
            return TakeResult.Denied;
        }
    }

    /// <summary>How many tokens short of full the bucket is now: what forgetting it would give away.</summary>
    public double Deficit(long now, long frequency)
    {
        lock (_gate)
        {
            Refill(now, frequency);
            return _burst - _tokens;
        }
    }

    /// <summary>Marks the bucket gone (a later <see cref="TryTake"/> answers Evicted, so its caller makes a new one) when
    /// it is at most <paramref name="maxDeficit"/> tokens short of full; 0 evicts only full buckets, which loses nothing.</summary>
    public bool TryEvict(long now, long frequency, double maxDeficit)
    {
        lock (_gate)
        {
            if (!_evicted)
            {
                Refill(now, frequency);
                if (_burst - _tokens > maxDeficit)
                {
                    return false;
                }
            }
            _evicted = true;
            return true;
        }
    }

    private void Refill(long now, long frequency)
    {
        var elapsed = now - _updated;
        if (elapsed > 0)
        {
            // Capped before multiplying: a bucket idle for days must not overflow to infinity.
            var seconds = Math.Min((double)elapsed / frequency, _burst / _rate);
            _tokens = Math.Min(_burst, _tokens + seconds * _rate);
        }
        else
        {
            // A lowered burst applies at once.
            _tokens = Math.Min(_burst, _tokens);
        }
        _updated = Math.Max(now, _updated);
    }
}
