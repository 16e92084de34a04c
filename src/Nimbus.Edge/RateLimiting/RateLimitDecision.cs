namespace Nimbus.Edge.RateLimiting;

/// <summary>What <see cref="ClientRateLimiter.TryAcquire"/> answered: go ahead, or come back after <see cref="RetryAfter"/>.</summary>
/// <param name="Allowed">The request may proceed; it took a token.</param>
/// <param name="RetryAfter">When denied, how long until the client's bucket holds a token again; zero when allowed.</param>
internal readonly record struct RateLimitDecision(bool Allowed, TimeSpan RetryAfter)
{
    public static RateLimitDecision Allow => new(true, TimeSpan.Zero);

    /// <summary>The <c>Retry-After</c> header value: whole seconds, rounded up, at least 1 (a 0 would invite an instant retry).</summary>
    public int RetryAfterSeconds => Allowed ? 0 : (int)Math.Max(1, Math.Min(int.MaxValue, Math.Ceiling(RetryAfter.TotalSeconds)));
}
