using System.Text;

namespace Nimbus.Api.Manifests;

/// <summary>One problem in an app's manifest, placed as precisely as is known.</summary>
/// <param name="File">"nimbus.yaml", "nimbus.yml" or "Procfile"; empty when no file is involved.</param>
/// <param name="Line">1-based line, 0 when not tied to a line.</param>
/// <param name="Column">1-based column, 0 when not tied to a column.</param>
/// <param name="Field">Path of the field at fault, e.g. "health.interval"; empty for the file as a whole.</param>
/// <param name="Message">What is wrong and what is expected.</param>
public sealed record ManifestError(string File, int Line, int Column, string Field, string Message)
{
    /// <summary>"nimbus.yaml:4:3: health.interval: expected a duration such as 500ms, 2s or 1m, got 'fast'".</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(File);
        if (Line > 0)
        {
            text.Append(':').Append(Line);
            if (Column > 0)
            {
                text.Append(':').Append(Column);
            }
        }
        if (text.Length > 0)
        {
            text.Append(": ");
        }
        if (Field.Length > 0)
        {
            text.Append(Field).Append(": ");
        }
        return text.Append(Message).ToString();
    }
}
