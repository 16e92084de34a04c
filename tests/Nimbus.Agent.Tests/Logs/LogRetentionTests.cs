using Nimbus.Agent.Logs;

namespace Nimbus.Agent.Tests.Logs;

public sealed class LogRetentionTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly string _root = Directory.CreateTempSubdirectory("nimbus-logret-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Run_DeletesFilesPastTheRetention_ButNeverARunningInstancesCurrentFile()
    {
        File("web", "web-1.log", 100, TimeSpan.FromDays(30));     // running, current: kept however old
        File("web", "web-1.log.1", 100, TimeSpan.FromDays(30));   // running, rotated, old
        File("web", "web-0.log", 100, TimeSpan.FromDays(8));      // gone, old
        File("web", "web-2.log", 100, TimeSpan.FromHours(1));     // gone, recent
        File("web", "notes.txt", 100, TimeSpan.FromDays(30));     // not a log file of ours

        var freed = LogRetention.Run(_root, new HashSet<string> { "web-1" }, _ => (TimeSpan.FromDays(7), long.MaxValue), Now);

        Assert.Equal(200, freed);
        Assert.Equal(["notes.txt", "web-1.log", "web-2.log"], Names("web"));
    }

    [Fact]
    public void Run_OverTheSizeBound_DeletesStoppedInstancesFirst_ThenRotatedFiles_OldestFirst()
    {
        File("web", "web-1.log", 400, TimeSpan.FromMinutes(1));
        File("web", "web-1.log.1", 400, TimeSpan.FromMinutes(30));
        File("web", "web-0.log", 400, TimeSpan.FromMinutes(5));
        File("web", "web-9.log", 400, TimeSpan.FromMinutes(20));
        File("api", "api-1.log", 400, TimeSpan.FromMinutes(20));   // another app: its own bound

        LogRetention.Run(_root, new HashSet<string> { "web-1", "api-1" }, _ => (TimeSpan.FromDays(7), 1000), Now);

        // 1600 bytes > 1000: the stopped instances' files go (oldest first) until it fits; web-1's stay.
        Assert.Equal(["web-1.log", "web-1.log.1"], Names("web"));
        Assert.Equal(["api-1.log"], Names("api"));

        LogRetention.Run(_root, new HashSet<string> { "web-1" }, _ => (TimeSpan.FromDays(7), 500), Now);

        Assert.Equal(["web-1.log"], Names("web"));
    }

    [Fact]
    public void Run_EachAppWithinItsOwnLimits()
    {
        File("web", "web-0.log", 100, TimeSpan.FromDays(2));
        File("api", "api-0.log", 100, TimeSpan.FromDays(2));
        File("api", "api-9.log", 400, TimeSpan.FromMinutes(10));

        // web keeps one day of logs; api keeps the default week but only 450 bytes.
        LogRetention.Run(_root, new HashSet<string>(), app => app == "web" ? (TimeSpan.FromDays(1), long.MaxValue) : (TimeSpan.FromDays(7), 450), Now);

        Assert.Empty(Names("web"));
        Assert.Equal(["api-9.log"], Names("api"));
    }

    [Fact]
    public void Run_NoLogsYet_DoesNothing() =>
        Assert.Equal(0, LogRetention.Run(Path.Combine(_root, "missing"), new HashSet<string>(), _ => (TimeSpan.FromDays(7), 1), Now));

    private void File(string app, string name, int bytes, TimeSpan age)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, app)).FullName;
        var path = Path.Combine(dir, name);
        System.IO.File.WriteAllBytes(path, new byte[bytes]);
        System.IO.File.SetLastWriteTimeUtc(path, (Now - age).UtcDateTime);
    }

    private string[] Names(string app) =>
        Directory.GetFiles(Path.Combine(_root, app)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
}
