using Nimbus.Api.Resources;

namespace Nimbus.Api.Manifests;

/// <summary>Reads a Procfile ("type: command" lines): the <c>web</c> line is what runs; other types are ignored.</summary>
internal static class ProcfileReader
{
    public const string WebType = "web";

    public static AppManifest? Read(string text, List<ManifestError> errors)
    {
        string? run = null;
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !line.AsSpan(0, colon).Trim().SequenceEqual(WebType))
            {
                continue;
            }
            var command = line[(colon + 1)..].Trim();
            if (run is not null)
            {
                errors.Add(Error(lineNumber, "there is more than one web: line; keep one"));
            }
            else if (command.Length == 0)
            {
                errors.Add(Error(lineNumber, "the web: line has no command, e.g. 'web: python3 server.py'"));
            }
            run ??= command;
        }
        if (run is null)
        {
            errors.Add(Error(0, "a web: line is needed to say how the app starts, e.g. 'web: python3 server.py'"));
            return null;
        }
        return new AppManifest { Run = run };
    }

    private static ManifestError Error(int line, string message) =>
        new(ManifestLoader.ProcfileName, line, line > 0 ? 1 : 0, line > 0 ? WebType : "", message);
}
