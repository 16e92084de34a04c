using System.Globalization;

namespace Nimbus.Api.Resources;

/// <summary>The allowed values of <see cref="EdgeSettings"/>, in one place: the manifest reader (for
/// <c>nimbus.yaml</c>) and the control plane (for a manifest sent over the API) both check with these.</summary>
/// <remarks>Each check returns null when the value fits, else what it must be ("must be from 1 to 1000000"),
/// which the caller completes with the field and the value it got.</remarks>
public static class EdgeLimits
{
    public const double MaxRate = 1_000_000;
    public const int MaxBurst = 1_000_000;
    public static readonly TimeSpan MaxDrain = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    /// <summary>The bucket size when the manifest names only a rate: one second's worth, at least 1.</summary>
    public static int DefaultBurst(double rate) => (int)Math.Min(MaxBurst, Math.Max(1, Math.Ceiling(rate)));

    public static string? CheckBalance(string? balance) =>
        Array.IndexOf(BalancePolicies.All, balance) >= 0 ? null : "must be one of " + string.Join(", ", BalancePolicies.All);

    public static string? CheckRate(double rate) =>
        double.IsFinite(rate) && rate > 0 && rate <= MaxRate
            ? null
            : "must be more than 0 and at most " + MaxRate.ToString(CultureInfo.InvariantCulture) + " requests per second";

    public static string? CheckBurst(int burst) =>
        burst is >= 1 and <= MaxBurst ? null : "must be a whole number from 1 to " + MaxBurst.ToString(CultureInfo.InvariantCulture);

    public static string? CheckDrain(TimeSpan drain) =>
        drain >= TimeSpan.Zero && drain <= MaxDrain ? null : "must be from 0s to 5m";

    public static string? CheckTimeout(TimeSpan timeout) =>
        timeout >= MinTimeout && timeout <= MaxTimeout ? null : "must be from 1s to 1h";
}
