using System.CommandLine;

namespace Nimbus.Commands;

/// <summary>The APP argument many commands take.</summary>
internal static class AppArgument
{
    public static Argument<string> Create() => new("app") { Description = "App name" };
}
