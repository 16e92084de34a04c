using Nimbus.Agent.Cgroups;
using Nimbus.Agent.Runtime;
using Nimbus.Agent.Tests.TestSupport;
using Nimbus.Api.Resources;

namespace Nimbus.Agent.Tests.Cgroups;

/// <summary>Against the machine's real cgroup hierarchy (needs root).</summary>
public sealed class CgroupLifecycleTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public void Create_WithLimits_WritesQuotaAndMemoryLimitTheKernelReadsBack()
    {
        var driver = CgroupDriver.Detect();
        var handle = driver.Create(NewId(), new ComputeResources(250, 128L * 1024 * 1024))!;
        try
        {
            if (driver.Description == "cgroup v1")
            {
                var cpu = handle.Directories.Single(d => d.Contains("/cpu/", StringComparison.Ordinal));
                var memory = handle.Directories.Single(d => d.Contains("/memory/", StringComparison.Ordinal));
                Assert.Equal("25000", File.ReadAllText(Path.Combine(cpu, "cpu.cfs_quota_us")).Trim());
                Assert.Equal("100000", File.ReadAllText(Path.Combine(cpu, "cpu.cfs_period_us")).Trim());
                Assert.Equal("134217728", File.ReadAllText(Path.Combine(memory, "memory.limit_in_bytes")).Trim());
            }
            else
            {
                Assert.Equal("25000 100000", File.ReadAllText(Path.Combine(handle.Directories[0], "cpu.max")).Trim());
                Assert.Equal("134217728", File.ReadAllText(Path.Combine(handle.Directories[0], "memory.max")).Trim());
            }

            Assert.Empty(handle.Processes());
        }
        finally
        {
            handle.Remove();
        }

        Assert.All(handle.Directories, d => Assert.False(Directory.Exists(d)));
    }

    [Fact]
    public async Task ProcessInCgroup_IsListed_AndKillAllEndsIt_ThenRemoveCleansUp()
    {
        using var dir = new TempDirectory();
        var handle = CgroupDriver.Detect().Create(NewId(), new ComputeResources(100, 64L * 1024 * 1024))!;
        var sleep = TestApps.UniqueSleep();
        var process = ProcessLauncher.Start(
            new LaunchRequest($"sleep {sleep} & exec sleep {sleep}", dir.Path, TestApps.Environment(), null, handle.ProcsFiles),
            log: null, onLine: null);
        try
        {
            await Poll.UntilAsync(() => handle.Processes().Count == 2, Deadline,
                () => $"cgroup lists [{string.Join(",", handle.Processes())}]");
            Assert.Contains(process.Pid, handle.Processes());
            Assert.Contains("/nimbus/" + handle.InstanceId, ProcFs.Cgroups(process.Pid));

            handle.KillAll();

            await process.Exited.WaitAsync(Deadline);
            await Poll.UntilAsync(() => handle.Processes().Count == 0, Deadline,
                () => $"cgroup still lists [{string.Join(",", handle.Processes())}]");
            Assert.Empty(ProcFs.FindByCommandLine("sleep", sleep));
        }
        finally
        {
            ProcFs.Kill(ProcFs.FindByCommandLine("sleep", sleep));
            process.Dispose();
            handle.Remove();
        }

        Assert.All(handle.Directories, d => Assert.False(Directory.Exists(d)));
    }

    private static string NewId() => "test-" + Guid.NewGuid().ToString("N")[..12];
}
