using Nimbus.Api.Contracts;

namespace Nimbus.Api.Client;

public sealed partial class NimbusClient
{
    /// <summary>The newest requests the edges saw (of one app, when given), newest first.</summary>
    public Task<TraceList> ListTracesAsync(string? app, int limit, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"v1/traces?limit={limit}" + (app is null ? "" : $"&app={Uri.EscapeDataString(app)}"), null, NimbusJson.Default.TraceList, ct);

    /// <summary>One trace by its trace id or by the request id the edge gave the request.</summary>
    public Task<TraceView> GetTraceAsync(string id, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"v1/traces/{Uri.EscapeDataString(id)}", null, NimbusJson.Default.TraceView, ct);
}
