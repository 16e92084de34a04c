namespace Nimbus.Agent.Runtime;

/// <summary>How one run of an instance's process ended.</summary>
internal readonly record struct RunOutcome(string LastExit, TimeSpan RanFor, bool Stopped);
