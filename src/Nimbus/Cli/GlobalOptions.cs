using System.CommandLine;

namespace Nimbus.Cli;

/// <summary>Options every client command understands.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Data = new("--data")
    {
        Description = "Nimbus data directory to find the API in (endpoints.json, credentials); default $NIMBUS_DATA or ~/.nimbus",
        Recursive = true,
    };

    public static readonly Option<string> Output = new("--output", "-o")
    {
        Description = "Output format: table or json",
        DefaultValueFactory = _ => "table",
        Recursive = true,
    };

    static GlobalOptions()
    {
        Output.AcceptOnlyFromAmong("table", "json");
    }

    public static bool Json(ParseResult result) => result.GetValue(Output) == "json";

    public static string DataDirectory(ParseResult result) => Resolve(result.GetValue(Data));

    public static string Resolve(string? data)
    {
        var dir = data ?? Environment.GetEnvironmentVariable("NIMBUS_DATA");
        if (string.IsNullOrEmpty(dir))
        {
            dir = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nimbus");
        }
        return Path.GetFullPath(dir);
    }
}
