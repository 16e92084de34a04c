namespace Nimbus.Api.Telemetry;

/// <summary>One sample line of the Prometheus text format: metric name, labels in the order written, value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value)
{
    public string? Label(string name)
    {
        foreach (var label in Labels)
        {
            if (label.Key == name)
            {
                return label.Value;
            }
        }
        return null;
    }
}
