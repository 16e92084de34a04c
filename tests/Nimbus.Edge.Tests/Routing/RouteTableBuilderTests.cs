using Nimbus.Api.Resources;
using Nimbus.Edge.Routing;
using Nimbus.Edge.Traffic;

namespace Nimbus.Edge.Tests.Routing;

public sealed class RouteTableBuilderTests
{
    private static ClusterView View()
    {
        var view = new ClusterView();
        view.Apps["hello"] = new App { Metadata = new ObjectMeta { Name = "hello" }, Spec = new AppSpec { Release = "v2" } };
        view.Releases["hello-v2"] = new Release
        {
            Metadata = new ObjectMeta { Name = "hello-v2" },
            Spec = new ReleaseSpec { App = "hello", Version = 2, Manifest = new AppManifest { Edge = new EdgeSettings { Balance = BalancePolicies.RoundRobin } } },
        };
        Add(view, "hello-a", ready: true, stop: false, "127.0.0.1:1001");
        Add(view, "hello-b", ready: false, stop: false, "127.0.0.1:1002");
        Add(view, "hello-c", ready: true, stop: true, "127.0.0.1:1003");
        Add(view, "hello-d", ready: true, stop: false, "127.0.0.1:1004");
        return view;
    }

    private static void Add(ClusterView view, string name, bool ready, bool stop, string address) =>
        view.Instances[name] = new Instance
        {
            Metadata = new ObjectMeta { Name = name },
            Spec = new InstanceSpec { App = "hello", Stop = stop },
            Status = new InstanceStatus { Ready = ready, Address = address, Phase = InstancePhase.Running },
        };

    [Fact]
    public void Build_RoutesOnlyReadyInstancesThatAreNotLeaving()
    {
        var table = new RouteTableBuilder(new TrafficRegistry()).Build(View(), "nimbus.internal");

        var route = table.Find("hello.localhost");
        Assert.NotNull(route);
        Assert.Equal(["hello-a", "hello-d"], route.Destinations.Select(d => d.Instance));
        Assert.Equal(BalancePolicies.RoundRobin, route.Policy.Name);
    }

    [Fact]
    public void Build_AnswersLocalhostCloudDomainAndCustomDomains_IgnoringCase()
    {
        var view = View();
        view.Domains["www.example.test"] = "hello";
        view.Domains["orphan.example.test"] = "gone";

        var table = new RouteTableBuilder(new TrafficRegistry()).Build(view, "corp.internal");

        Assert.Same(table.Find("hello.localhost"), table.Find("HELLO.corp.internal"));
        Assert.Same(table.Find("hello.localhost"), table.Find("www.example.test"));
        Assert.Null(table.Find("orphan.example.test"));
        Assert.Null(table.Find("hello.nimbus.internal"));
    }

    [Fact]
    public void Build_KeepsDestinationsAcrossRebuilds_UnlessTheAddressChanged()
    {
        var builder = new RouteTableBuilder(new TrafficRegistry());
        var view = View();
        var first = builder.Build(view, "nimbus.internal").Find("hello.localhost")!;
        view.Instances["hello-d"].Status.Address = "127.0.0.1:2004";

        var second = builder.Build(view, "nimbus.internal").Find("hello.localhost")!;

        Assert.Same(first.Destinations[0], second.Destinations[0]);
        Assert.NotSame(first.Destinations[1], second.Destinations[1]);
        Assert.Same(first.Traffic, second.Traffic);
    }

    [Fact]
    public void Build_AppWithoutItsRelease_UsesDefaultSettings()
    {
        var view = View();
        view.Releases.Clear();

        var route = new RouteTableBuilder(new TrafficRegistry()).Build(view, "nimbus.internal").Find("hello.localhost")!;

        Assert.Equal(BalancePolicies.PowerOfTwoChoices, route.Policy.Name);
    }

    [Theory]
    [InlineData("hello.localhost:8080", "hello.localhost")]
    [InlineData("hello.localhost.", "hello.localhost")]
    [InlineData("hello.localhost", "hello.localhost")]
    [InlineData("[::1]:8080", "[::1]")]
    [InlineData("", "")]
    public void HostOf_StripsPortAndTrailingDot(string header, string host) =>
        Assert.Equal(host, HostHeader.HostOf(header).ToString());
}
