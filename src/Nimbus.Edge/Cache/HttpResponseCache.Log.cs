using Microsoft.Extensions.Logging;

namespace Nimbus.Edge.Cache;

public sealed partial class HttpResponseCache
{
    [LoggerMessage(3900, LogLevel.Debug, "Cache stored {App} {Path}: {StatusCode}, {Bytes} bytes")]
    private static partial void LogStored(ILogger logger, string app, string path, int statusCode, long bytes);

    [LoggerMessage(3901, LogLevel.Debug, "Cache skipped {App} {Path}: Content-Length {ContentLength} is over the entry limit")]
    private static partial void LogTooLarge(ILogger logger, string app, string? path, long contentLength);

    [LoggerMessage(3902, LogLevel.Information, "Cache purged {Removed} entries of {App} under {Prefix}")]
    private static partial void LogPurged(ILogger logger, string app, string prefix, int removed);
}
