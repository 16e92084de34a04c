using System.Globalization;

namespace Nimbus.Api.Resources;

/// <summary>Parses and formats the human quantities used in manifests and the CLI:
/// cpu ("0.5", "500m", 2), memory ("256Mi", "1Gi", "512M", bytes) and durations ("500ms", "2s", "1m", "1h").</summary>
public static class Quantities
{
    /// <summary>The most CPU a quantity may ask for: 1024 cores, whichever way it is written.</summary>
    public const long MaxCpuMillis = 1024 * 1000;

    public static bool TryParseCpu(string text, out long millis)
    {
        millis = 0;
        text = text.Trim();
        if (text.EndsWith('m'))
        {
            // Same ceiling as the decimal form, so "2000000m" is not a back door past 1024 cores.
            return long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out millis)
                && millis is > 0 and <= MaxCpuMillis;
        }
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cores) || cores <= 0 || cores > 1024)
        {
            return false;
        }
        millis = (long)Math.Ceiling(cores * 1000m);
        return true;
    }

    public static bool TryParseBytes(string text, out long bytes)
    {
        bytes = 0;
        text = text.Trim();
        (string suffix, long factor)[] units =
        [
            ("Ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30), ("Ti", 1L << 40),
            ("K", 1000L), ("M", 1000_000L), ("G", 1000_000_000L), ("T", 1000_000_000_000L),
        ];
        long multiplier = 1;
        foreach (var (suffix, factor) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                multiplier = factor;
                text = text[..^suffix.Length];
                break;
            }
        }
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return false;
        }
        // Compare before multiplying: decimal throws on overflow ("99999999999999999999999999T").
        if (value > (long.MaxValue / 2) / multiplier)
        {
            return false;
        }
        var total = value * multiplier;
        bytes = (long)total;
        return bytes > 0;
    }

    /// <summary>A duration such as 500ms, 2s, 1m, 12h or 7d, at most <paramref name="max"/> (default 7 days).</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration, TimeSpan? max = null)
    {
        duration = default;
        text = text.Trim();
        var limit = (max ?? TimeSpan.FromDays(7)).TotalMilliseconds;
        (string suffix, double ms)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)];
        foreach (var (suffix, ms) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)
                && n >= 0 && n * ms <= limit)
            {
                duration = TimeSpan.FromMilliseconds(n * ms);
                return true;
            }
        }
        return false;
    }

    public static string FormatCpu(long millis) =>
        millis % 1000 == 0 ? (millis / 1000).ToString(CultureInfo.InvariantCulture) : (millis / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    public static string FormatBytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : value.ToString("0.#", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    public static string FormatDuration(TimeSpan span) => span.TotalSeconds switch
    {
        < 1 => $"{(int)span.TotalMilliseconds}ms",
        < 60 => $"{(int)span.TotalSeconds}s",
        < 3600 => $"{(int)span.TotalMinutes}m",
        < 86400 => $"{(int)span.TotalHours}h",
        _ => $"{(int)span.TotalDays}d",
    };
}
