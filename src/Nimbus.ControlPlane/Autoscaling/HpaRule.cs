namespace Nimbus.ControlPlane.Autoscaling;

/// <summary>The Kubernetes HPA's rule: desired = ceil(current × metric / target), left alone while the ratio is within
/// 10% of 1; scale-down waits until the highest recommendation of the stabilisation window allows it.</summary>
internal static class HpaRule
{
    public const double Tolerance = 0.1;

    /// <param name="current">Instances asked for now.</param>
    /// <param name="ready">Instances ready now (the ones the metric was measured on).</param>
    /// <param name="ratio">Observed metric over target.</param>
    /// <param name="min">The fewest instances allowed.</param>
    /// <param name="max">The most instances allowed.</param>
    public static int Recommend(int current, int ready, double ratio, int min, int max)
    {
        var desired = !double.IsFinite(ratio) || Math.Abs(ratio - 1) <= Tolerance
            ? current
            : (int)Math.Ceiling(Math.Max(1, ready) * ratio - 1e-9);
        return Math.Clamp(desired, min, max);
    }

    /// <summary>What to set now: up at once, down only as far as every recommendation of the window allows.</summary>
    public static int Stabilize(int current, int recommendation, IEnumerable<int> windowRecommendations)
    {
        if (recommendation >= current)
        {
            return recommendation;
        }
        return Math.Min(current, Math.Max(recommendation, windowRecommendations.DefaultIfEmpty(recommendation).Max()));
    }
}
