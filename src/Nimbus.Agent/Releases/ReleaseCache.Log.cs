using Microsoft.Extensions.Logging;

namespace Nimbus.Agent.Releases;

internal sealed partial class ReleaseCache
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "building {Release}: {Command}")]
    private partial void LogBuilding(string release, string command);
}
