namespace Nimbus.Agent.Releases;

/// <summary>A release cannot run here: its bundle is bad or its build failed. The message is shown to the user.</summary>
internal sealed class ReleasePreparationException(string message) : Exception(message);
