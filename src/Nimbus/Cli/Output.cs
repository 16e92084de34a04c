using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;

namespace Nimbus.Cli;

/// <summary>Where the CLI writes: JSON or tables to stdout, problems to stderr.</summary>
internal static class Output
{
    public static readonly IAnsiConsole Error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public static void Json<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var options = new JsonSerializerOptions(typeInfo.Options) { WriteIndented = true };
        Console.Out.WriteLine(JsonSerializer.Serialize(value, options.GetTypeInfo(typeof(T))));
    }

    public static void Fail(string message) => Error.MarkupLineInterpolated($"[red]error:[/] {message}");

    public static void Info(string message) => Error.MarkupLineInterpolated($"[grey]{message}[/]");

    public static string Ago(DateTimeOffset? time, DateTimeOffset now) => time is { } t ? Api.Resources.Quantities.FormatDuration(now - t) : "-";
}
