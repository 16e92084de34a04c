using Nimbus.Agent.Cgroups;
using Nimbus.Agent.Tests.TestSupport;
using Nimbus.Api.Resources;

namespace Nimbus.Agent.Tests.Cgroups;

public sealed class CgroupDriverTests
{
    [Fact]
    public void Detect_OnThisMachine_PicksTheHierarchyTheRootShows()
    {
        var driver = CgroupDriver.Detect();

        var expected = File.Exists("/sys/fs/cgroup/cgroup.controllers") ? "cgroup v2" : "cgroup v1";
        Assert.Equal(expected, driver.Description);
        Assert.True(driver.Enabled);
    }

    [Fact]
    public void Detect_MissingRoot_IsDisabledAndSaysWhy()
    {
        var driver = CgroupDriver.Detect("/nonexistent/cgroup");

        Assert.False(driver.Enabled);
        Assert.StartsWith("none: ", driver.Description);
        Assert.Contains("/nonexistent/cgroup", driver.Description);
        Assert.Null(driver.Create("x", new ComputeResources(100, 1 << 20)));
    }

    [Fact]
    public void Detect_EmptyDirectory_IsDisabledNamingTheMissingController()
    {
        using var root = new TempDirectory();

        var driver = CgroupDriver.Detect(root.Path);

        Assert.False(driver.Enabled);
        Assert.Contains("memory", driver.Description);
    }

    [Fact]
    public void Detect_V2RootWithoutMemoryController_IsDisabled()
    {
        using var root = new TempDirectory();
        File.WriteAllText(root.Combine("cgroup.controllers"), "cpuset cpu io pids\n");

        var driver = CgroupDriver.Detect(root.Path);

        Assert.False(driver.Enabled);
        Assert.Equal($"none: cgroup v2 at {root.Path} does not offer the memory controller", driver.Description);
    }

    [Fact]
    public void Detect_V2Tree_PicksV2()
    {
        using var root = FakeV2Root();

        Assert.Equal("cgroup v2", CgroupDriver.Detect(root.Path).Description);
    }

    [Fact]
    public void Create_OnV2Tree_WritesCpuMaxAndMemoryMaxAndEnablesControllers()
    {
        using var root = FakeV2Root();
        var driver = CgroupDriver.Detect(root.Path);

        var handle = driver.Create("web-1", new ComputeResources(250, 64L * 1024 * 1024));

        Assert.NotNull(handle);
        var dir = root.Combine("nimbus", "web-1");
        Assert.Equal("25000 100000", File.ReadAllText(Path.Combine(dir, "cpu.max")));
        Assert.Equal("67108864", File.ReadAllText(Path.Combine(dir, "memory.max")));
        Assert.Equal("+cpu +memory", File.ReadAllText(root.Combine("cgroup.subtree_control")));
        Assert.Equal("+cpu +memory", File.ReadAllText(root.Combine("nimbus", "cgroup.subtree_control")));
        Assert.Equal([Path.Combine(dir, "cgroup.procs")], handle.ProcsFiles);
    }

    [Fact]
    public void Create_OnV2TreeWithControllersAlreadyEnabled_LeavesSubtreeControlAlone()
    {
        using var root = FakeV2Root();
        File.WriteAllText(root.Combine("cgroup.subtree_control"), "cpu io memory pids\n");

        CgroupDriver.Detect(root.Path).Create("web-2", new ComputeResources(0, 0));

        Assert.Equal("cpu io memory pids\n", File.ReadAllText(root.Combine("cgroup.subtree_control")));
        Assert.Equal("max 100000", File.ReadAllText(root.Combine("nimbus", "web-2", "cpu.max")));
        Assert.Equal("max", File.ReadAllText(root.Combine("nimbus", "web-2", "memory.max")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("a/b")]
    public void Create_WithUnsafeInstanceId_Throws(string instanceId)
    {
        using var root = FakeV2Root();

        Assert.Throws<ArgumentException>(() => CgroupDriver.Detect(root.Path).Create(instanceId, ComputeResources.Zero));
    }

    private static TempDirectory FakeV2Root()
    {
        var root = new TempDirectory();
        File.WriteAllText(root.Combine("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
        File.WriteAllText(root.Combine("cgroup.subtree_control"), "");
        return root;
    }
}
