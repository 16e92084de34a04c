using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Nimbus.Api.Streaming;

/// <summary>Newline-delimited JSON, the framing of every stream in the API (watch, logs).</summary>
public static class Ndjson
{
    public const string ContentType = "application/x-ndjson";

    private static readonly ReadOnlyMemory<byte> NewLine = "\n"u8.ToArray();

    /// <summary>Writes one item and a newline, then flushes so the reader sees it now.</summary>
    public static async Task WriteAsync<T>(Stream stream, T item, JsonTypeInfo<T> typeInfo, CancellationToken ct)
    {
        await JsonSerializer.SerializeAsync(stream, item, typeInfo, ct).ConfigureAwait(false);
        await stream.WriteAsync(NewLine, ct).ConfigureAwait(false);
        await stream.FlushAsync(ct).ConfigureAwait(false);
    }

    public static async IAsyncEnumerable<T> ReadAsync<T>(Stream stream, JsonTypeInfo<T> typeInfo, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0 && JsonSerializer.Deserialize(line, typeInfo) is { } item)
            {
                yield return item;
            }
        }
    }
}
