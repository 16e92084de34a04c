namespace Nimbus.Agent.Runtime;

/// <summary>
/// Absolute paths of the util-linux helpers the launcher execs. Resolved here because the child's environment is
/// the app's, whose PATH may not find them.
/// </summary>
internal static class ToolPaths
{
    private static readonly string[] Directories = ["/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin"];
    private static readonly Lazy<string> SetSidPath = new(() => Find("setsid"));
    private static readonly Lazy<string> SetPrivPath = new(() => Find("setpriv"));

    public const string Shell = "/bin/sh";

    public static string SetSid => SetSidPath.Value;

    public static string SetPriv => SetPrivPath.Value;

    private static string Find(string tool) =>
        Directories.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"'{tool}' (util-linux) was not found in {string.Join(", ", Directories)}; install util-linux.");
}
