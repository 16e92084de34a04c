using System.Globalization;
using Nimbus.Api.Contracts;

namespace Nimbus.Agent.Logs;

/// <summary>
/// The on-disk line format, version 1: <c>2026-11-22T01:02:03.4567890Z out|text</c>. A fixed-width UTC timestamp,
/// a space, the stream name, a bar, the text. Readers of existing files depend on it; change it deliberately.
/// </summary>
internal static class LogFormat
{
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    public const int TimeLength = 28;

    /// <summary>Longest text stored on one line; longer output is split.</summary>
    public const int MaxLineChars = 16 * 1024;

    public static string FilePath(string logDirectory, string instanceId) => Path.Combine(logDirectory, instanceId + ".log");

    public static string RotatedPath(string logDirectory, string instanceId, int generation) =>
        FilePath(logDirectory, instanceId) + "." + generation.ToString(CultureInfo.InvariantCulture);

    public static string Format(DateTimeOffset time, string stream, string text) =>
        time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture) + " " + stream + "|" + text + "\n";

    public static bool TryParse(string line, string instanceId, out LogLine parsed)
    {
        parsed = null!;
        if (line.Length < TimeLength + 2 || line[TimeLength] != ' ')
        {
            return false;
        }

        var bar = line.IndexOf('|', TimeLength + 1);
        if (bar < 0 || !DateTime.TryParseExact(line.AsSpan(0, TimeLength), TimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            return false;
        }

        parsed = new LogLine
        {
            Time = new DateTimeOffset(time, TimeSpan.Zero),
            Instance = instanceId,
            Stream = line[(TimeLength + 1)..bar],
            Text = line[(bar + 1)..],
        };
        return true;
    }

    /// <summary>Splits text into storable lines: at newlines, and every <see cref="MaxLineChars"/> characters.</summary>
    public static IEnumerable<string> Split(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.EndsWith('\r') ? raw[..^1] : raw;
            if (line.Length <= MaxLineChars)
            {
                yield return line;
                continue;
            }

            for (var start = 0; start < line.Length;)
            {
                var length = Math.Min(MaxLineChars, line.Length - start);
                if (start + length < line.Length && char.IsHighSurrogate(line[start + length - 1]))
                {
                    length--; // never cut a surrogate pair in half
                }

                yield return line.Substring(start, length);
                start += length;
            }
        }
    }
}
