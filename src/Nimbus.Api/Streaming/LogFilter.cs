using System.Text.Json;
using System.Text.RegularExpressions;

namespace Nimbus.Api.Streaming;

/// <summary>
/// Which log lines to keep: <c>grep</c>, a regular expression the line's text must contain a match of, and
/// <c>where</c> conditions <c>key=value</c> that a line written as a JSON object must meet (<c>a.b=x</c> reaches into
/// nested objects; a string compares by its value, anything else by its JSON text, so <c>status=500</c> and
/// <c>ok=true</c> work). Patterns come from the network: they run on .NET's non-backtracking engine (linear time, no
/// catastrophic patterns) and are bounded in length.
/// </summary>
public sealed class LogFilter
{
    public const int MaxPatternLength = 1000;
    public const int MaxConditions = 16;

    private readonly Regex? _grep;
    private readonly (string[] Path, string Value)[] _where;

    private LogFilter(Regex? grep, (string[] Path, string Value)[] where)
    {
        _grep = grep;
        _where = where;
    }

    /// <summary>Null filter (keep every line) when there is nothing to filter on; <paramref name="error"/> says what is
    /// wrong with a pattern or condition.</summary>
    public static LogFilter? Create(string? grep, IReadOnlyList<string>? where, out string? error)
    {
        error = null;
        Regex? regex = null;
        if (!string.IsNullOrEmpty(grep))
        {
            if (grep.Length > MaxPatternLength)
            {
                error = $"grep: a pattern of at most {MaxPatternLength} characters";
                return null;
            }
            try
            {
                regex = new Regex(grep, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                error = $"grep: '{grep}' is not a regular expression this engine runs ({ex.Message})";
                return null;
            }
        }
        var conditions = new List<(string[], string)>();
        foreach (var condition in where ?? [])
        {
            var equals = condition.IndexOf('=', StringComparison.Ordinal);
            var path = equals > 0 ? condition[..equals].Split('.') : [];
            if (equals <= 0 || path.Any(string.IsNullOrEmpty) || condition.Length > MaxPatternLength)
            {
                error = $"where: '{condition}' is not key=value (e.g. level=error, http.status=500)";
                return null;
            }
            conditions.Add((path, condition[(equals + 1)..]));
        }
        if (conditions.Count > MaxConditions)
        {
            error = $"where: at most {MaxConditions} conditions";
            return null;
        }
        return regex is null && conditions.Count == 0 ? null : new LogFilter(regex, [.. conditions]);
    }

    public bool Matches(string text)
    {
        if (_grep is not null && !_grep.IsMatch(text))
        {
            return false;
        }
        return _where.Length == 0 || MatchesWhere(text);
    }

    private bool MatchesWhere(string text)
    {
        var start = text.AsSpan().TrimStart();
        if (start.IsEmpty || start[0] != '{')
        {
            return false;
        }
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32 });
            foreach (var (path, value) in _where)
            {
                if (!Matches(document.RootElement, path, value))
                {
                    return false;
                }
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool Matches(JsonElement element, string[] path, string value)
    {
        foreach (var key in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(key, out element))
            {
                return false;
            }
        }
        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString() == value,
            JsonValueKind.Object or JsonValueKind.Array => false,
            _ => element.GetRawText() == value,
        };
    }
}
