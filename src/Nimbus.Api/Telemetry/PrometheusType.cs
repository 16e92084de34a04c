namespace Nimbus.Api.Telemetry;

/// <summary>The Prometheus metric types this exporter writes.</summary>
public enum PrometheusType
{
    Counter,
    Gauge,
    Histogram,
}
