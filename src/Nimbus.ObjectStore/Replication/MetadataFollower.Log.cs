using Microsoft.Extensions.Logging;

namespace Nimbus.ObjectStore.Replication;

internal sealed partial class MetadataFollower
{
    [LoggerMessage(EventId = 4934, Level = LogLevel.Information, Message = "Copied the whole metadata from {Leader}: {Rows} rows, now at seq {Seq}")]
    private partial void LogFullCopy(string leader, long rows, long seq);

    [LoggerMessage(EventId = 4935, Level = LogLevel.Warning, Message = "Following the metadata of {Leader} failed ({Reason}); retrying with backoff, the copy stays as it was")]
    private partial void LogFeedFailed(string leader, string reason);

    [LoggerMessage(EventId = 4939, Level = LogLevel.Information, Message = "Took the SSE-S3 master key of metadata node {Leader} (the previous key file is kept as master.key.*.old)")]
    private partial void LogKeyAdopted(string leader);

    [LoggerMessage(EventId = 4936, Level = LogLevel.Information, Message = "Following the metadata of {Leader} again, at seq {Seq}")]
    private partial void LogRecovered(string leader, long seq);
}
