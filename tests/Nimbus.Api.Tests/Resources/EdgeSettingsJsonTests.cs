using System.Text.Json;
using Nimbus.Api.Resources;

namespace Nimbus.Api.Tests.Resources;

/// <summary>The release stores its manifest as JSON: the edge section must come back exactly as it went in.</summary>
public sealed class EdgeSettingsJsonTests
{
    [Fact]
    public void Release_WithEdgeSettings_RoundTripsThroughNimbusJson()
    {
        var release = new Release
        {
            Metadata = new ObjectMeta { Name = "web-v1" },
            Spec = new ReleaseSpec
            {
                App = "web",
                Manifest = new AppManifest
                {
                    Run = "serve",
                    Edge = new EdgeSettings
                    {
                        Balance = BalancePolicies.RoundRobin,
                        RateLimit = new RateLimitSettings { Rate = 0.5, Burst = 3 },
                        Cache = true,
                        HttpsRedirect = true,
                        Drain = TimeSpan.FromMilliseconds(1500),
                        Timeout = TimeSpan.FromMinutes(2),
                    },
                },
            },
        };

        var json = JsonSerializer.Serialize(release, NimbusJson.Default.Release);
        var edge = JsonSerializer.Deserialize(json, NimbusJson.Default.Release)!.Spec.Manifest.Edge;

        Assert.Contains("\"edge\":{\"balance\":\"round_robin\",\"rateLimit\":{\"rate\":0.5,\"burst\":3}", json, StringComparison.Ordinal);
        Assert.Equal(BalancePolicies.RoundRobin, edge.Balance);
        Assert.Equal(0.5, edge.RateLimit!.Rate);
        Assert.Equal(3, edge.RateLimit.Burst);
        Assert.True(edge.Cache);
        Assert.True(edge.HttpsRedirect);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), edge.Drain);
        Assert.Equal(TimeSpan.FromMinutes(2), edge.Timeout);
    }

    [Fact]
    public void Release_StoredBeforeTheEdgeSection_GetsTheDefaults()
    {
        const string json = """{"metadata":{"name":"web-v1"},"spec":{"app":"web","manifest":{"run":"serve"}}}""";

        var edge = JsonSerializer.Deserialize(json, NimbusJson.Default.Release)!.Spec.Manifest.Edge;

        Assert.Equal(BalancePolicies.PowerOfTwoChoices, edge.Balance);
        Assert.Null(edge.RateLimit);
        Assert.Equal(EdgeSettings.DefaultDrain, edge.Drain);
        Assert.Equal(EdgeSettings.DefaultTimeout, edge.Timeout);
    }

    [Fact]
    public void Manifest_UnknownEdgeField_IsRejected() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(
            """{"metadata":{"name":"web-v1"},"spec":{"manifest":{"run":"serve","edge":{"cahce":true}}}}""", NimbusJson.Default.Release));
}
