using System.Net;
using Nimbus.Edge.Dns;

namespace Nimbus.Edge.Tests.Dns;

/// <summary>The zone most DNS tests answer from.</summary>
internal static class DnsTestZone
{
    public const int BigAppInstances = 60;

    public static DnsZoneSnapshot Create(string domain = "nimbus.internal", int helloInstances = 2)
    {
        var hello = new List<DnsServiceTarget>();
        for (int i = 0; i < helloInstances; i++)
        {
            hello.Add(new DnsServiceTarget($"hello-{i}", IPAddress.Parse($"127.0.1.{i + 1}"), (ushort)(8000 + i)));
        }

        var big = new List<DnsServiceTarget>();
        for (int i = 0; i < BigAppInstances; i++)
        {
            big.Add(new DnsServiceTarget($"big-instance-{i:D3}", IPAddress.Parse($"10.1.{i / 200}.{(i % 200) + 1}"), (ushort)(9000 + i)));
        }

        return new DnsZoneSnapshot(
            domain,
            [IPAddress.Parse("127.0.0.1"), IPAddress.Parse("127.0.0.2"), IPAddress.Parse("fd00::1")],
            new Dictionary<string, IReadOnlyList<DnsServiceTarget>>
            {
                ["hello"] = hello,
                ["idle"] = [],
                ["big"] = big,
                ["v6"] = [new DnsServiceTarget("v6-0", IPAddress.Parse("fd00::42"), 7000)],
            },
            new Dictionary<string, string> { ["www.example.test"] = "hello", ["api.nimbus.internal"] = "hello" });
    }
}
