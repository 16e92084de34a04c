namespace Nimbus.Api.Resources;

/// <summary>Host names as Nimbus serves them: lower-case, no trailing dot, RFC 1123 labels.</summary>
public static class HostNames
{
    public const int MaxLength = 253;
    public const string Localhost = "localhost";

    /// <summary>Lower-cases <paramref name="input"/> and drops one trailing dot, then checks it is a host name with at
    /// least <paramref name="minLabels"/> labels. Returns null and a reason when it is not one.</summary>
    public static string? Normalize(string? input, out string? error, int minLabels = 2)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            error = "is empty; give a host name such as www.example.com";
            return null;
        }
        var host = input.Trim().ToLowerInvariant();
        if (host.EndsWith('.'))
        {
            host = host[..^1];
        }
        if (host.Contains('*', StringComparison.Ordinal))
        {
            error = $"'{input}' is a wildcard; wildcard domains are not supported, add each host name";
            return null;
        }
        if (host.Length is 0 or > MaxLength)
        {
            error = $"'{input}' must be 1–{MaxLength} characters";
            return null;
        }
        var labels = 0;
        var lastLabelNumeric = true;
        foreach (var range in host.AsSpan().Split('.'))
        {
            var label = host.AsSpan(range);
            if (!IsLabel(label, out var why))
            {
                error = $"'{input}': label '{label}' {why}";
                return null;
            }
            labels++;
            lastLabelNumeric = !label.ContainsAnyExcept("0123456789");
        }
        if (lastLabelNumeric)
        {
            // 10.0.0.1 parses as labels but is an address, and a numeric top-level label never resolves.
            error = $"'{input}' looks like an IP address; give a host name";
            return null;
        }
        if (labels < minLabels)
        {
            error = $"'{input}' must be a fully qualified name with at least two labels, such as www.example.com";
            return null;
        }
        return host;
    }

    /// <summary>True for localhost and every name under .localhost.</summary>
    public static bool IsLocalhost(string host) =>
        host == Localhost || host.EndsWith("." + Localhost, StringComparison.Ordinal);

    /// <summary>True when <paramref name="host"/> is <paramref name="domain"/> or a name under it.</summary>
    public static bool IsUnder(string host, string domain) =>
        host == domain || (host.Length > domain.Length && host.EndsWith(domain, StringComparison.Ordinal) && host[^(domain.Length + 1)] == '.');

    private static bool IsLabel(ReadOnlySpan<char> label, out string why)
    {
        why = "";
        if (label.Length == 0)
        {
            why = "is empty (two dots in a row, or a leading dot)";
            return false;
        }
        if (label.Length > 63)
        {
            why = "is longer than 63 characters";
            return false;
        }
        if (label[0] == '-' || label[^1] == '-')
        {
            why = "must not start or end with '-'";
            return false;
        }
        if (label.ContainsAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789-"))
        {
            why = "may hold only letters, digits and '-' (use punycode, xn--…, for other characters)";
            return false;
        }
        return true;
    }
}
