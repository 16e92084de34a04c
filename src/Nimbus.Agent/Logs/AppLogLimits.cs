using System.Collections.Concurrent;
using Nimbus.Api.Resources;

namespace Nimbus.Agent.Logs;

/// <summary>How long and how much of each app's output this node keeps: the <c>logs:</c> settings of the newest release
/// it started an instance of, else the agent's defaults (<see cref="AgentOptions.LogRetention"/>,
/// <see cref="AgentOptions.LogBytesPerApp"/>).</summary>
internal sealed class AppLogLimits(AgentOptions options)
{
    private readonly ConcurrentDictionary<string, LogSettings?> _settings = new(StringComparer.Ordinal);

    /// <summary>An instance of <paramref name="app"/> is starting with these settings.</summary>
    public void Remember(string app, LogSettings? settings) => _settings[app] = settings;

    public (TimeSpan Retention, long Bytes) Of(string app) =>
        _settings.TryGetValue(app, out var settings) && settings is not null
            ? (settings.Retention ?? options.LogRetention, settings.MaxBytes ?? options.LogBytesPerApp)
            : (options.LogRetention, options.LogBytesPerApp);
}
