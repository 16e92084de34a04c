using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;

namespace Nimbus.Cli;

/// <summary>Where the CLI writes: JSON or tables to stdout, problems to stderr.</summary>
internal static class Output
{
    public static readonly IAnsiConsole Error = Create(Console.Error, Console.IsErrorRedirected);

    /// <summary>Plain text (no colours, wide tables) when the output is a file or a pipe, or NO_COLOR is set.</summary>
    public static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var plain = redirected || Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 };
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = 240;
        }
        return console;
    }

    /// <summary>Makes stdout tables follow the same rules.</summary>
    public static void Configure() => AnsiConsole.Console = Create(Console.Out, Console.IsOutputRedirected);

    public static void Json<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var options = new JsonSerializerOptions(typeInfo.Options) { WriteIndented = true };
        Console.Out.WriteLine(JsonSerializer.Serialize(value, options.GetTypeInfo(typeof(T))));
    }

    public static void Fail(string message) => Error.MarkupLineInterpolated($"[red]error:[/] {message}");

    public static void Info(string message) => Error.MarkupLineInterpolated($"[grey]{message}[/]");

    public static string Ago(DateTimeOffset? time, DateTimeOffset now) => time is { } t ? Api.Resources.Quantities.FormatDuration(now - t) : "-";
}
