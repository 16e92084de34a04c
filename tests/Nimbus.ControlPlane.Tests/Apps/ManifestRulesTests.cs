using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Apps;

namespace Nimbus.ControlPlane.Tests.Apps;

/// <summary>A manifest sent as JSON straight to the API is held to the same edge limits as nimbus.yaml.</summary>
public sealed class ManifestRulesTests
{
    private static Dictionary<string, string[]> Validate(Action<EdgeSettings> edit)
    {
        var manifest = new AppManifest { Run = "serve" };
        edit(manifest.Edge);
        var errors = new Dictionary<string, string[]>();
        ManifestRules.Validate(manifest, errors);
        return errors;
    }

    [Fact]
    public void Validate_DefaultAndFullEdgeSettings_Pass()
    {
        Assert.Empty(Validate(_ => { }));
        Assert.Empty(Validate(e =>
        {
            e.Balance = BalancePolicies.LeastRequests;
            e.RateLimit = new RateLimitSettings { Rate = 0.5, Burst = 1 };
            e.Drain = TimeSpan.Zero;
            e.Timeout = TimeSpan.FromHours(1);
        }));
    }

    [Theory]
    [InlineData("balance")]
    [InlineData("rateLimit.rate")]
    [InlineData("rateLimit.burst")]
    [InlineData("drain")]
    [InlineData("timeout")]
    public void Validate_EdgeValueOutOfRange_IsNamed(string field)
    {
        var errors = Validate(e =>
        {
            switch (field)
            {
                case "balance": e.Balance = "random"; break;
                case "rateLimit.rate": e.RateLimit = new RateLimitSettings { Rate = double.PositiveInfinity, Burst = 5 }; break;
                case "rateLimit.burst": e.RateLimit = new RateLimitSettings { Rate = 5, Burst = 0 }; break;
                case "drain": e.Drain = TimeSpan.FromMinutes(6); break;
                default: e.Timeout = TimeSpan.FromMilliseconds(999); break;
            }
        });

        var error = Assert.Single(errors);
        Assert.Equal("manifest.edge." + field, error.Key);
        Assert.StartsWith("must be", Assert.Single(error.Value), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NullEdge_IsRejected()
    {
        var errors = new Dictionary<string, string[]>();
        ManifestRules.Validate(new AppManifest { Run = "serve", Edge = null! }, errors);

        Assert.Contains("manifest.edge", errors.Keys);
    }
}
