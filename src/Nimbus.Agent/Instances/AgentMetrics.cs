using System.Diagnostics.Metrics;
using Nimbus.Agent.Runtime;

namespace Nimbus.Agent.Instances;

/// <summary>The agent's instruments (meter <c>Nimbus.Agent</c>): per instance running here, CPU seconds and memory
/// bytes from its cgroup (v1 or v2) and restarts from its supervisor, read when a scrape asks.</summary>
internal sealed class AgentMetrics
{
    public const string MeterName = "Nimbus.Agent";

    public AgentMetrics(IMeterFactory factory, InstanceManager instances)
    {
        var meter = factory.Create(MeterName);
        meter.CreateObservableCounter("nimbus.instance.cpu.time", () => Each<double>(instances, static s =>
            s.Usage()?.CpuSeconds), "s", "CPU time the instance's processes have used (user + system), from its cgroup.");
        meter.CreateObservableUpDownCounter("nimbus.instance.memory.usage", () => Each<long>(instances, static s =>
            s.Usage()?.MemoryBytes), "By", "Memory the instance's cgroup uses now (page cache included).");
        meter.CreateObservableCounter("nimbus.instance.restarts", () => Each<long>(instances, static s =>
            s.Current.Restarts), "{restart}", "Times the agent has restarted the instance after it exited.");
        meter.CreateObservableUpDownCounter("nimbus.agent.instances", () => (long)instances.Count, "{instance}",
            "Instances this agent runs.");
    }

    private static List<Measurement<T>> Each<T>(InstanceManager instances, Func<InstanceSupervisor, T?> read) where T : struct
    {
        var measurements = new List<Measurement<T>>();
        foreach (var supervisor in instances.Running)
        {
            T? reading;
            try
            {
                reading = read(supervisor);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // its cgroup is being torn down: the instance is leaving, the others still count
            }
            if (reading is { } value)
            {
                measurements.Add(new Measurement<T>(value,
                    new KeyValuePair<string, object?>("app", supervisor.Options.App),
                    new KeyValuePair<string, object?>("instance", supervisor.Options.InstanceId)));
            }
        }
        return measurements;
    }
}
