using System.Globalization;
using System.Text;

namespace Nimbus.Api.Telemetry;

/// <summary>
/// Reads the Prometheus text format (0.0.4): <c>name{label="value",...} value [timestamp]</c> lines, comments and
/// blank lines. The text comes from the network, so nothing in it is trusted: a line that does not parse is counted
/// and skipped (never an exception), and only samples whose name <c>wanted</c> accepts are kept, up to a bound.
/// </summary>
public static class PrometheusTextParser
{
    public const int MaxSamples = 100_000;
    private const int MaxLabels = 32;

    public static (List<PrometheusSample> Samples, int BadLines) Parse(string text, Func<string, bool> wanted)
    {
        var samples = new List<PrometheusSample>();
        var bad = 0;
        foreach (var range in text.AsSpan().Split('\n'))
        {
            var line = text.AsSpan(range).TrimEnd('\r').Trim(' ');
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }
            var nameLength = NameLength(line);
            if (nameLength == 0)
            {
                bad++;
                continue;
            }
            var name = line[..nameLength];
            if (!wanted(name.ToString()))
            {
                continue;
            }
            if (samples.Count >= MaxSamples)
            {
                bad++;
                continue;
            }
            var rest = line[nameLength..];
            var labels = new List<KeyValuePair<string, string>>();
            if (!rest.IsEmpty && rest[0] == '{')
            {
                var consumed = ReadLabels(rest, labels);
                if (consumed < 0)
                {
                    bad++;
                    continue;
                }
                rest = rest[consumed..];
            }
            if (rest.IsEmpty || rest[0] != ' ' && rest[0] != '\t')
            {
                bad++;
                continue;
            }
            rest = rest.Trim(" \t");
            var end = rest.IndexOfAny(' ', '\t');
            if (!TryValue(end < 0 ? rest : rest[..end], out var value))
            {
                bad++;
                continue;
            }
            samples.Add(new PrometheusSample(name.ToString(), labels, value));
        }
        return (samples, bad);
    }

    private static int NameLength(ReadOnlySpan<char> line)
    {
        var i = 0;
        while (i < line.Length && (char.IsAsciiLetter(line[i]) || line[i] is '_' or ':' || (i > 0 && char.IsAsciiDigit(line[i]))))
        {
            i++;
        }
        return i;
    }

    /// <summary>Reads <c>{a="x",b="y"}</c>; returns the characters consumed, or -1 when malformed.</summary>
    private static int ReadLabels(ReadOnlySpan<char> text, List<KeyValuePair<string, string>> labels)
    {
        var i = 1;
        var value = new StringBuilder();
        while (true)
        {
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }
            if (i >= text.Length)
            {
                return -1;
            }
            if (text[i] == '}')
            {
                return i + 1;
            }
            var nameLength = NameLength(text[i..]);
            if (nameLength == 0 || labels.Count >= MaxLabels)
            {
                return -1;
            }
            var name = text.Slice(i, nameLength).ToString();
            i += nameLength;
            if (i + 1 >= text.Length || text[i] != '=' || text[i + 1] != '"')
            {
                return -1;
            }
            i += 2;
            value.Clear();
            while (true)
            {
                if (i >= text.Length)
                {
                    return -1;
                }
                var c = text[i++];
                if (c == '"')
                {
                    break;
                }
                if (c == '\\')
                {
                    if (i >= text.Length)
                    {
                        return -1;
                    }
                    var escaped = text[i++];
                    value.Append(escaped switch { 'n' => '\n', '\\' => '\\', '"' => '"', _ => escaped });
                    continue;
                }
                value.Append(c);
            }
            labels.Add(new(name, value.ToString()));
            if (i < text.Length && text[i] == ',')
            {
                i++;
            }
            else if (i >= text.Length || text[i] != '}')
            {
                return -1;
            }
        }
    }

    private static bool TryValue(ReadOnlySpan<char> text, out double value)
    {
        switch (text)
        {
            case "+Inf" or "Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
