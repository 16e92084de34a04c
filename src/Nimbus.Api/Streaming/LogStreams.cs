using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;

namespace Nimbus.Api.Streaming;

/// <summary>What the nodes' and edges' own log endpoints share: checking a request's app, instance and filters, and
/// writing the lines as NDJSON until they end or the reader leaves.</summary>
public static class LogStreams
{
    /// <summary>The problem with a log request (to answer 400), or null with the filter it asks for.</summary>
    public static string? Check(string app, string? instance, string? grep, IReadOnlyList<string> where, out LogFilter? filter)
    {
        filter = null;
        if (!Names.IsValid(app) || (instance is not null && !Names.IsValid(instance)))
        {
            return "app and instance must be valid names";
        }
        filter = LogFilter.Create(grep, where, out var invalid);
        return invalid;
    }

    public static async Task WriteAsync(Stream body, IAsyncEnumerable<LogLine> lines, CancellationToken ct)
    {
        try
        {
            await foreach (var line in lines.WithCancellation(ct).ConfigureAwait(false))
            {
                await Ndjson.WriteAsync(body, line, NimbusJson.Default.LogLine, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The reader left (or stopped following): nothing more to send.
        }
    }
}
