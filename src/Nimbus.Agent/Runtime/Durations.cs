using System.Globalization;

namespace Nimbus.Agent.Runtime;

internal static class Durations
{
    /// <summary>"250ms", "1.5s", "30s": short forms for state messages.</summary>
    public static string Format(TimeSpan value) =>
        value < TimeSpan.FromSeconds(1)
            ? ((int)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms"
            : value.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + "s";
}
