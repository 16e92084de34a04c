using System.Globalization;

namespace Nimbus.Agent.Cgroups;

/// <summary>Converts <see cref="Nimbus.Api.Resources.ComputeResources"/> into CFS quota numbers.</summary>
internal static class CgroupLimits
{
    public const long PeriodMicros = 100_000;

    // The kernel rejects quotas under 1 ms per period.
    private const long MinQuotaMicros = 1_000;

    /// <summary>Quota per <see cref="PeriodMicros"/>, or null for unlimited.</summary>
    public static long? QuotaMicros(long cpuMillis) =>
        cpuMillis <= 0 ? null : Math.Max(MinQuotaMicros, cpuMillis * PeriodMicros / 1000);

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
