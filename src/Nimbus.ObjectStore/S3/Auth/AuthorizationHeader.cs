namespace Nimbus.ObjectStore.S3.Auth;

/// <summary>The three components of <c>AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...</c>.</summary>
internal readonly record struct AuthorizationHeader(string Credential, string SignedHeaders, string Signature)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>Parses the part after the algorithm; components in any order, separated by ',' and optional spaces.</summary>
    public static bool TryParse(ReadOnlySpan<char> parameters, out AuthorizationHeader header)
    {
        string? credential = null, signedHeaders = null, signature = null;
        foreach (var range in parameters.Split(','))
        {
            var part = parameters[range].Trim();
            if (part.IsEmpty)
            {
                continue;
            }
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                header = default;
                return false;
            }
            var name = part[..eq].Trim();
            var value = part[(eq + 1)..].Trim().ToString();
            if (name.SequenceEqual("Credential"))
            {
                credential = value;
            }
            else if (name.SequenceEqual("SignedHeaders"))
            {
                signedHeaders = value;
            }
            else if (name.SequenceEqual("Signature"))
            {
                signature = value;
            }
            else
            {
                header = default;
                return false;
            }
        }
        header = new AuthorizationHeader(credential ?? "", signedHeaders ?? "", signature ?? "");
        return credential is not null && signedHeaders is not null && signature is not null;
    }
}
