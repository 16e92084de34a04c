using System.Globalization;
using System.Text;

namespace Nimbus.Cli;

/// <summary>A series drawn as columns of block characters (eighths of a cell), newest on the right, with the scale
/// on the left. Several points per column are averaged; a column with no value is left blank.</summary>
internal static class TerminalChart
{
    private static readonly char[] Eighths = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

    public static List<string> Render(IReadOnlyList<double?> values, int width, int height)
    {
        width = Math.Max(1, Math.Min(width, Math.Max(1, values.Count)));
        height = Math.Max(1, height);
        var columns = new double?[width];
        for (var c = 0; c < width; c++)
        {
            var from = c * values.Count / width;
            var to = Math.Max(from + 1, (c + 1) * values.Count / width);
            double sum = 0;
            var n = 0;
            for (var i = from; i < to && i < values.Count; i++)
            {
                if (values[i] is { } v && double.IsFinite(v))
                {
                    sum += v;
                    n++;
                }
            }
            columns[c] = n > 0 ? sum / n : null;
        }
        var top = columns.Where(v => v.HasValue).Select(v => v!.Value).DefaultIfEmpty(0).Max();
        if (top <= 0)
        {
            top = 1;
        }
        var labels = new[] { Format(top), Format(0) };
        var labelWidth = labels.Max(l => l.Length);
        var lines = new List<string>(height);
        for (var row = height - 1; row >= 0; row--)
        {
            var line = new StringBuilder();
            var label = row == height - 1 ? labels[0] : row == 0 ? labels[1] : "";
            line.Append(label.PadLeft(labelWidth)).Append(" ┤");
            foreach (var value in columns)
            {
                if (value is not { } v)
                {
                    line.Append(' ');
                    continue;
                }
                var eighths = (int)Math.Round(v / top * height * 8) - row * 8;
                line.Append(Eighths[Math.Clamp(eighths, 0, 8)]);
            }
            lines.Add(line.ToString().TrimEnd());
        }
        return lines;
    }

    public static string Format(double value) => Math.Abs(value) switch
    {
        >= 1e9 => (value / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + "G",
        >= 1e6 => (value / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 1e4 => (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        >= 100 => value.ToString("0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.##", CultureInfo.InvariantCulture),
    };
}
