namespace Nimbus.Cli;

/// <summary>Every exit code the CLI uses, in one place (documented in docs/CLI.md).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Something failed that is none of the below.</summary>
    public const int Error = 1;
    /// <summary>Bad arguments or input (an invalid manifest, a bad name, a 400 from the API).</summary>
    public const int InvalidInput = 2;
    /// <summary>A deploy or rollout did not become ready; the previous release keeps running.</summary>
    public const int DeployFailed = 3;
    /// <summary>The app, release or instance does not exist.</summary>
    public const int NotFound = 4;
    /// <summary>The API could not be reached or no credentials were found.</summary>
    public const int Unreachable = 5;
    /// <summary>A concurrent change won (409) — read again and retry.</summary>
    public const int Conflict = 6;
    /// <summary><c>nimbus up</c>: another Nimbus already runs on this data directory.</summary>
    public const int AlreadyRunning = 7;
}
