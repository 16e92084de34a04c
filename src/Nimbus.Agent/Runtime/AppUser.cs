using System.Globalization;
using Nimbus.Agent.Interop;

namespace Nimbus.Agent.Runtime;

/// <summary>Who instances run as. An agent running as root never runs app code as root.</summary>
public static class AppUser
{
    public const string UserName = "nobody";
    private const int FallbackId = 65534;

    /// <summary>uid/gid of <c>nobody</c> when the agent is root; null (run as the agent's own user) otherwise.</summary>
    public static (int Uid, int Gid)? Resolve() =>
        LibC.GetEffectiveUserId() == 0 ? Lookup(UserName, "/etc/passwd") : null;

    /// <summary>Finds <paramref name="user"/> in a passwd file; 65534/65534 when it is missing or unreadable.</summary>
    internal static (int Uid, int Gid) Lookup(string user, string passwdPath)
    {
        try
        {
            foreach (var line in File.ReadLines(passwdPath))
            {
                var fields = line.Split(':');
                if (fields.Length >= 4 && fields[0] == user &&
                    int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid) &&
                    int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gid) &&
                    uid != 0 && gid != 0)
                {
                    return (uid, gid);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return (FallbackId, FallbackId);
    }
}
