using Microsoft.Extensions.Logging;

namespace Nimbus.ObjectStore.Keys;

internal sealed partial class AccessKeyFollower
{
    [LoggerMessage(EventId = 4901, Level = LogLevel.Warning, Message = "Following access keys at {ControlPlane} broke ({Reason}); listing again")]
    private partial void LogFollowBroken(string controlPlane, string reason);

    [LoggerMessage(EventId = 4902, Level = LogLevel.Debug, Message = "Loaded {Count} access keys at revision {Revision}")]
    private partial void LogListed(int count, long revision);

    [LoggerMessage(EventId = 4903, Level = LogLevel.Information, Message = "Access key {AccessKeyId} was deleted; requests signed with it are refused")]
    private partial void LogKeyRemoved(string accessKeyId);
}
