using System.Text.Json;
using Nimbus.Api;
using Nimbus.IntegrationTests.Edge;

namespace Nimbus.IntegrationTests.Telemetry;

/// <summary>`nimbus alerts add` on a real cloud: load through the edge makes the rule hold, it fires (an event and a
/// webhook POST), and resolves when the load stops.</summary>
public sealed class AlertTests : IAsyncLifetime
{
    private NimbusCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await NimbusCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task Rule_FiresUnderLoad_AndResolvesAfter_WithEventsAndWebhookPosts()
    {
        await _cloud.DeployAsync(EchoApp.Copy());
        await using var hook = new WebhookReceiver().Start();
        var add = await NimbusCli.RunAsync(_cloud.Data, TimeSpan.FromSeconds(60), "alerts", "add", "echo", "rps > 5 for 2s", "--webhook", hook.Url, "--name", "busy");
        Assert.True(add.ExitCode == 0, add.ToString());
        var bad = await NimbusCli.RunAsync(_cloud.Data, TimeSpan.FromSeconds(60), "alerts", "add", "echo", "p95 > fast");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("a duration", bad.Stderr);

        using var client = EdgeHttp.Client(_cloud);
        await using (var load = new LoadGenerator(client, EdgeHttp.Url(_cloud, "echo"), workers: 2, cap: TimeSpan.FromMinutes(2)))
        {
            await Poll.UntilAsync(() => Task.FromResult(hook.Bodies.Any(b => State(b) == "firing")), TimeSpan.FromSeconds(60), "the alert to fire and POST its webhook");
        }
        await Poll.UntilAsync(() => Task.FromResult(hook.Bodies.Any(b => State(b) == "resolved")), TimeSpan.FromSeconds(60), "the alert to resolve once the load stopped");

        var firing = JsonDocument.Parse(hook.Bodies.First(b => State(b) == "firing")).RootElement;
        Assert.Equal("busy", firing.GetProperty("alert").GetString());
        Assert.Equal("echo", firing.GetProperty("app").GetString());
        Assert.Equal("rps > 5 for 2s", firing.GetProperty("rule").GetString());
        Assert.True(firing.GetProperty("value").GetDouble() > 5);
        var events = (await _cloud.Client.ListAsync("events", NimbusJson.Default.ResourceListEvent, default, app: "echo")).Items;
        Assert.Contains(events, e => e.Spec.Reason == "AlertFiring" && e.Spec.Type == "Warning" && e.Spec.Message.StartsWith("rps > 5 for 2s: rps ", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Spec.Reason == "AlertResolved");
        var list = await NimbusCli.RunAsync(_cloud.Data, TimeSpan.FromSeconds(60), "alerts", "list", "echo");
        Assert.Contains("busy", list.Stdout);
    }

    private static string? State(string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.GetProperty("state").GetString();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
