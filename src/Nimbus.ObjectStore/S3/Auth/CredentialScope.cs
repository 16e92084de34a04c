namespace Nimbus.ObjectStore.S3.Auth;

/// <summary><c>ACCESSKEY/YYYYMMDD/REGION/SERVICE/aws4_request</c>, the Credential of a SigV4 request.</summary>
internal readonly record struct CredentialScope(string AccessKeyId, string Date, string Region, string Service, string Terminator)
{
    /// <summary>date/region/service/aws4_request: the scope line of the string to sign.</summary>
    public string Scope => Date + "/" + Region + "/" + Service + "/" + Terminator;

    /// <summary>Splits from the right, so an access key holding '/' still parses.</summary>
    public static bool TryParse(string credential, out CredentialScope scope)
    {
        scope = default;
        var parts = credential.Split('/');
        if (parts.Length < 5)
        {
            return false;
        }
        var n = parts.Length;
        var key = string.Join('/', parts, 0, n - 4);
        var date = parts[n - 4];
        if (key.Length == 0 || date.Length != 8 || !IsDigits(date))
        {
            return false;
        }
        scope = new CredentialScope(key, date, parts[n - 3], parts[n - 2], parts[n - 1]);
        return true;
    }

    private static bool IsDigits(string s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
