// The agent is Linux-only; its tests use Linux file modes and /proc.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
