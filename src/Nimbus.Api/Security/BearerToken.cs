using System.Security.Cryptography;
using System.Text;

namespace Nimbus.Api.Security;

/// <summary>The one check of an <c>Authorization: Bearer …</c> header, shared by every role that serves HTTP.</summary>
public sealed class BearerToken(string token)
{
    private const string Scheme = "Bearer ";
    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);

    /// <summary>True when the header carries this token; compared in constant time.</summary>
    public bool Matches(string? authorizationHeader) =>
        authorizationHeader is not null
        && authorizationHeader.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(authorizationHeader[Scheme.Length..].Trim()), _token);
}
