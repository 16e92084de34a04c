using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nimbus.Api.Resources;

namespace Nimbus.ControlPlane.Alerts;

/// <summary>POSTs alert changes to their webhooks, in the background (a slow receiver never holds up the controllers):
/// <c>{ alert, app, rule, state: "firing"|"resolved", value, time }</c>, three tries a few seconds apart. Bounded: past
/// 1000 waiting notifications the oldest are dropped (and logged).</summary>
internal sealed partial class AlertNotifier : BackgroundService
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    private readonly TimeProvider time;
    private readonly ILogger<AlertNotifier> logger;
    private readonly Channel<Notification> _queue;
    // No redirects: the webhook is the URL the user gave, not wherever it points.
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(5) };

    public AlertNotifier(TimeProvider time, ILogger<AlertNotifier> logger)
    {
        this.time = time;
        this.logger = logger;
        _queue = Channel.CreateBounded<Notification>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped => LogDropped(dropped.Alert));
    }

    public void Enqueue(Alert alert, string state, double value, DateTimeOffset at)
    {
        if (alert.Spec.Webhook.Length > 0)
        {
            _queue.Writer.TryWrite(new Notification(alert.Spec.Webhook, Payload(alert, state, value, at), alert.Metadata.Name));
        }
    }

    /// <summary>An alert removed while firing (by hand, or with its app) is resolved for the receiver: its incident
    /// must not stay open for ever.</summary>
    public void Removed(Alert alert, DateTimeOffset at)
    {
        if (alert.Status.State == AlertStates.Firing)
        {
            Enqueue(alert, "resolved", double.NaN, at);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var notification in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await SendAsync(notification, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SendAsync(Notification notification, CancellationToken ct)
    {
        foreach (var wait in Backoff)
        {
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, ct).ConfigureAwait(false);
            }
            try
            {
                using var content = new StringContent(notification.Body, Encoding.UTF8, "application/json");
                using var response = await _http.PostAsync(notification.Url, content, ct).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
                LogRefused(notification.Alert, HostOf(notification.Url), (int)response.StatusCode);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                LogFailed(notification.Alert, HostOf(notification.Url), ex.Message);
            }
        }
    }

    internal static string Payload(Alert alert, string state, double value, DateTimeOffset at)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("alert", alert.Metadata.Name);
            json.WriteString("app", alert.Spec.App);
            json.WriteString("rule", alert.Spec.Rule);
            json.WriteString("state", state);
            if (double.IsFinite(value))
            {
                json.WriteNumber("value", Math.Round(value, 3));
            }
            json.WriteString("time", at);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    /// <summary>Only the host goes to the log: webhook URLs often carry a secret in their path.</summary>
    private static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : "?";

    private sealed record Notification(string Url, string Body, string Alert);

    [LoggerMessage(2901, LogLevel.Warning, "Alert {Alert}: the webhook at {Host} answered {Status}")]
    private partial void LogRefused(string alert, string host, int status);

    [LoggerMessage(2902, LogLevel.Warning, "Alert {Alert}: the webhook at {Host} could not be reached: {Reason}")]
    private partial void LogFailed(string alert, string host, string reason);

    [LoggerMessage(2903, LogLevel.Warning, "Alert {Alert}: a webhook notification was dropped (1000 were waiting)")]
    private partial void LogDropped(string alert);
}
