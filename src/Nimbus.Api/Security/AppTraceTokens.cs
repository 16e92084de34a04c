using System.Security.Cryptography;
using System.Text;

namespace Nimbus.Api.Security;

/// <summary>The credential an app's instances send their spans with (agents put it in OTEL_EXPORTER_OTLP_TRACES_HEADERS):
/// <c>nimbus-traces.APP.MAC</c>, the MAC an HMAC-SHA256 of the app's name under the cluster token. It proves which app
/// sent the spans and opens nothing but <c>POST /v1/traces</c>, so an app never holds the cluster's own token.</summary>
public static class AppTraceTokens
{
    private const string Prefix = "nimbus-traces.";
    private const string Scheme = "Bearer ";

    public static string For(string clusterToken, string app) => Prefix + app + "." + Mac(clusterToken, app);

    /// <summary>The app an Authorization header's trace token was made for; null when it is not a valid one.</summary>
    public static string? AppOf(string clusterToken, string? authorizationHeader)
    {
        if (authorizationHeader is null || !authorizationHeader.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var token = authorizationHeader.AsSpan(Scheme.Length).Trim();
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = token[Prefix.Length..];
        var dot = rest.LastIndexOf('.');
        if (dot <= 0)
        {
            return null;
        }
        var app = rest[..dot].ToString();
        if (!Resources.Names.IsValid(app))
        {
            return null;
        }
        var expected = Encoding.ASCII.GetBytes(Mac(clusterToken, app));
        var given = Encoding.UTF8.GetBytes(rest[(dot + 1)..].ToString());
        return CryptographicOperations.FixedTimeEquals(given, expected) ? app : null;
    }

    private static string Mac(string clusterToken, string app)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(clusterToken), Encoding.UTF8.GetBytes("nimbus-traces:" + app));
        return Convert.ToHexStringLower(mac);
    }
}
