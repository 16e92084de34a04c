using System.Security.Cryptography;

namespace Nimbus.Agent;

/// <summary>A stable id per agent data dir, so a restarted agent takes its node back and a second agent
/// on another data dir cannot.</summary>
internal static class AgentIdentity
{
    public static string LoadOrCreate(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, "agent-id");
        if (File.Exists(path))
        {
            var id = File.ReadAllText(path).Trim();
            if (id.Length >= 8)
            {
                return id;
            }
        }
        var fresh = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        File.WriteAllText(path, fresh + "\n");
        return fresh;
    }
}
