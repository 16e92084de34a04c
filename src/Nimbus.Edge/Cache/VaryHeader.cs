namespace Nimbus.Edge.Cache;

/// <summary>Parses a response's <c>Vary</c> field into header names.</summary>
internal static class VaryHeader
{
    /// <summary>
    /// Returns the names in a <c>Vary</c> value in order (sorted would not matter: each variant keeps its own list),
    /// or null for <c>Vary: *</c>, which no request can match (RFC 9111 4.1).
    /// </summary>
    public static string[]? Parse(string? vary)
    {
        if (string.IsNullOrWhiteSpace(vary))
        {
            return [];
        }

        var names = new List<string>(2);
        foreach (var range in vary.AsSpan().Split(','))
        {
            var name = vary.AsSpan(range).Trim(" \t");
            if (name.IsEmpty)
            {
                continue;
            }

            if (name is "*")
            {
                return null;
            }

            var text = name.ToString();
            if (!names.Exists(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)))
            {
                names.Add(text);
            }
        }

        return [.. names];
    }
}
