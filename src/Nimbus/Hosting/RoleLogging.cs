using Microsoft.Extensions.Logging;

namespace Nimbus.Hosting;

/// <summary>Console logging for the server roles: one line per entry, framework chatter only when it matters.</summary>
internal static class RoleLogging
{
    public static void Configure(ILoggingBuilder logging, bool verbose)
    {
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        logging.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
        logging.AddFilter("Microsoft", verbose ? LogLevel.Information : LogLevel.Warning);
        logging.AddFilter("System.Net.Http", LogLevel.Warning);
        // Start failures (a port in use) are reported by the command itself, in one line.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
    }
}
