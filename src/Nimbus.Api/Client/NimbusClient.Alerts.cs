using System.Net.Http.Json;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;

namespace Nimbus.Api.Client;

/// <summary>Alert rules on apps' series.</summary>
public sealed partial class NimbusClient
{
    public Task<Alert> CreateAlertAsync(string app, CreateAlertRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"v1/apps/{Uri.EscapeDataString(app)}/alerts", JsonContent.Create(request, NimbusJson.Default.CreateAlertRequest),
            NimbusJson.Default.Alert, ct);

    public Task<ResourceList<Alert>> ListAlertsAsync(string? app, CancellationToken ct) =>
        ListAsync("alerts", NimbusJson.Default.ResourceListAlert, ct, app);

    /// <summary>Removes the alert; answers with it as it was.</summary>
    public Task<Alert> DeleteAlertAsync(string name, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"v1/alerts/{Uri.EscapeDataString(name)}", null, NimbusJson.Default.Alert, ct);
}
