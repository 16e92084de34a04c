namespace Nimbus.Agent.Runtime;

/// <summary>What <see cref="ProcessLauncher"/> starts.</summary>
internal sealed record LaunchRequest(
    string Command,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    (int Uid, int Gid)? RunAs,
    IReadOnlyList<string> CgroupProcsFiles);
