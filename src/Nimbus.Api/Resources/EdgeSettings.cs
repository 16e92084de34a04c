namespace Nimbus.Api.Resources;

/// <summary>How the edge treats an app's traffic: the <c>edge:</c> section of <c>nimbus.yaml</c>, kept with each release.</summary>
public sealed class EdgeSettings
{
    /// <summary>Load-balancing policy: <see cref="BalancePolicies"/>.</summary>
    public string Balance { get; set; } = BalancePolicies.PowerOfTwoChoices;
    /// <summary>Per-client-IP token bucket; null = no limit.</summary>
    public RateLimitSettings? RateLimit { get; set; }
    /// <summary>Whether the edge keeps cacheable GET/HEAD responses (RFC 9111) for this app.</summary>
    public bool Cache { get; set; }
    /// <summary>Answer plain-HTTP requests with a redirect to HTTPS.</summary>
    public bool HttpsRedirect { get; set; }
    /// <summary>How long an instance that leaves (rollout, scale-in, destroy) keeps serving requests already sent to it before SIGTERM.</summary>
    public TimeSpan Drain { get; set; } = DefaultDrain;
    /// <summary>Longest wait for an instance's response headers before the edge answers 504.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    public static readonly TimeSpan DefaultDrain = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
}

/// <summary>Token bucket: <see cref="Rate"/> requests per second sustained, bursts up to <see cref="Burst"/>.</summary>
public sealed class RateLimitSettings
{
    public double Rate { get; set; }
    public int Burst { get; set; }
}

public static class BalancePolicies
{
    public const string PowerOfTwoChoices = "p2c";
    public const string RoundRobin = "round_robin";
    public const string LeastRequests = "least_requests";

    public static readonly string[] All = [PowerOfTwoChoices, RoundRobin, LeastRequests];
}
