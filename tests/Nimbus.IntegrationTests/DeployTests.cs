namespace Nimbus.IntegrationTests;

/// <summary>The deploy journey through the real CLI against a real <c>nimbus up</c> and real app processes.</summary>
public sealed class DeployTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private NimbusCloud _cloud = null!;
    private readonly AppFolders _apps = new();

    public async Task InitializeAsync() => _cloud = await NimbusCloud.StartAsync();

    public async Task DisposeAsync()
    {
        await _cloud.DisposeAsync();
        _apps.Dispose();
    }

    private string App(string? manifest = null) => _apps.Hello(manifest);

    [Fact]
    public async Task Deploy_HelloPythonWithTwoInstances_EachAnswersOnItsAddress()
    {
        await _cloud.DeployAsync(App(), "--instances", "2");

        var instances = await _cloud.ReadyAsync("hello", 2, Patience);
        foreach (var instance in instances)
        {
            Assert.Equal($"hello from {instance.Id} (v1)\n", await Http.GetAsync(instance.Address));
            Assert.True(instance.Pid > 0);
            Assert.Equal("local-a", instance.Zone);
            Assert.Equal("v1", instance.Release);
            Assert.False(string.IsNullOrEmpty(instance.Node));
        }
        Assert.NotEqual(instances[0].Address, instances[1].Address);
    }

    [Fact]
    public async Task Instance_KilledWithSigkill_IsReadyAgainWithinFiveSeconds()
    {
        await _cloud.DeployAsync(App(), "--instances", "2");
        var victim = (await _cloud.ReadyAsync("hello", 2, Patience))[0];

        Assert.True(Signals.Send(victim.Pid, Signals.SIGKILL));
        var replaced = await Poll.UntilAsync(async () =>
        {
            var again = (await _cloud.PsAsync("hello")).FirstOrDefault(i => i.Id == victim.Id);
            return again is { State: "ready", Restarts: >= 1 } && again.Pid != victim.Pid ? again : null;
        }, TimeSpan.FromSeconds(5), "the killed instance to be ready again");

        Assert.Equal("killed by SIGKILL", replaced.LastExit);
        Assert.Contains(victim.Id, await Http.GetAsync(replaced.Address));
    }

    [Fact]
    public async Task EnvSet_RollsOutANewRelease_ThatServesTheNewGreeting()
    {
        await _cloud.DeployAsync(App(), "--instances", "2");
        await _cloud.ReadyAsync("hello", 2, Patience);

        var set = await _cloud.CliAsync("env", "set", "hello", "GREETING=hi");
        Assert.True(set.ExitCode == 0, set.ToString());

        var instances = await _cloud.ReadyAsync("hello", 2, Patience);
        foreach (var instance in instances)
        {
            Assert.Equal("v2", instance.Release);
            Assert.StartsWith("hi from", await Http.GetAsync(instance.Address));
        }
        var list = await _cloud.CliAsync("env", "list", "hello", "--output", "json");
        Assert.Contains("\"GREETING\": \"hi\"", list.Stdout);

        // The node keeps only what runs: v1's unpacked copy goes once its last instance stopped.
        var releases = Path.Combine(_cloud.Data, "agents", "local-a", "releases", "hello");
        Assert.True(Directory.Exists(Path.Combine(releases, "hello-v2")));
        await Poll.UntilAsync(() => Task.FromResult(!Directory.Exists(Path.Combine(releases, "hello-v1"))), TimeSpan.FromSeconds(15), "v1's release directory to be pruned");
    }

    [Fact]
    public async Task Deploy_AppThatExitsAtStart_FailsWithItsLogsAndKeepsPreviousRelease()
    {
        await _cloud.DeployAsync(App(), "--instances", "1");
        var before = (await _cloud.ReadyAsync("hello", 1, Patience))[0];

        var failed = await _cloud.CliAsync("deploy", App(TestApps.CrashingManifest));

        Assert.Equal(3, failed.ExitCode);
        Assert.Contains("v2 failed", failed.Stderr);
        Assert.Contains("booting and failing on purpose", failed.Stderr);
        var after = await _cloud.ReadyAsync("hello", 1, Patience);
        Assert.Equal(before.Id, after[0].Id);
        Assert.Equal("v1", after[0].Release);
        Assert.Contains("(v1)", await Http.GetAsync(after[0].Address));
    }

    [Fact]
    public async Task Deploy_InvalidManifest_ExitsNonZeroNamingFileLineAndField_AndCreatesNothing()
    {
        var result = await _cloud.CliAsync("deploy", App("name: hello\nrun: python3 server.py\nhealth:\n  interval: fast\n"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nimbus.yaml:4", result.Stderr);
        Assert.Contains("health.interval", result.Stderr);
        var apps = await _cloud.CliAsync("apps", "--output", "json");
        Assert.Equal("[]", apps.Stdout.Trim());
    }

    [Fact]
    public async Task Deploy_FolderWithProcfileAndIgnoredFiles_RunsTheWebLine_AndLeavesIgnoredFilesOut()
    {
        var dir = App();
        File.Delete(Path.Combine(dir, "nimbus.yaml"));
        File.WriteAllText(Path.Combine(dir, "Procfile"), "worker: sleep 1000\nweb: python3 -m http.server $PORT --bind 127.0.0.1\n");
        File.WriteAllText(Path.Combine(dir, ".gitignore"), "secret.txt\nbuild/\n");
        File.WriteAllText(Path.Combine(dir, ".nimbusignore"), "*.log\n");
        File.WriteAllText(Path.Combine(dir, "secret.txt"), "do not ship");
        File.WriteAllText(Path.Combine(dir, "debug.log"), "do not ship");
        Directory.CreateDirectory(Path.Combine(dir, "build"));
        File.WriteAllText(Path.Combine(dir, "build", "out.bin"), "do not ship");
        File.WriteAllText(Path.Combine(dir, "shipped.txt"), "shipped");

        await _cloud.DeployAsync(dir, "--name", "files");

        var instance = (await _cloud.ReadyAsync("files", 1, Patience))[0];
        Assert.Equal("shipped", await Http.GetAsync(instance.Address, "/shipped.txt"));
        foreach (var path in new[] { "/secret.txt", "/debug.log", "/build/out.bin" })
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => Http.GetAsync(instance.Address, path));
        }
    }

    [Fact]
    public async Task StatusAndEvents_AsJson_DescribeNodesAndWhatHappened()
    {
        await _cloud.DeployAsync(App(), "--instances", "1");
        await _cloud.ReadyAsync("hello", 1, Patience);

        var status = await _cloud.CliAsync("status", "--output", "json");
        var nodes = System.Text.Json.JsonSerializer.Deserialize(status.Stdout, Api.NimbusJson.Default.ListNode)!;
        var node = Assert.Single(nodes);
        Assert.Equal("Ready", node.Status.Phase);
        Assert.Equal("local-a", node.Spec.Zone);
        Assert.Equal(1, node.Status.Instances);
        Assert.True(node.Status.Free.CpuMillis < node.Spec.Capacity.CpuMillis);
        Assert.StartsWith("cgroup", node.Status.Limits);

        var events = await _cloud.CliAsync("events", "hello", "--output", "json");
        var list = System.Text.Json.JsonSerializer.Deserialize(events.Stdout, Api.NimbusJson.Default.ListEvent)!;
        Assert.Contains(list, e => e.Spec.Reason == "ReleaseCreated");
        Assert.Contains(list, e => e.Spec.Reason == "ReleaseReady");
    }

    [Fact]
    public async Task Logs_ShowLinesFromEveryInstance_WithTheInstancePrefix()
    {
        await _cloud.DeployAsync(App(), "--instances", "2");
        var instances = await _cloud.ReadyAsync("hello", 2, Patience);
        foreach (var instance in instances)
        {
            await Http.GetAsync(instance.Address, "/");
        }

        await Poll.UntilAsync(async () =>
        {
            var logs = await _cloud.CliAsync("logs", "hello");
            return instances.All(i => logs.Stdout.Contains($"{i.Id} | GET / 200", StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(10), "a request line from each instance in nimbus logs");
    }

    [Fact]
    public async Task LogsFollow_ShowsLinesOfInstancesStartedAfterItBegan()
    {
        await _cloud.DeployAsync(App(), "--instances", "1");
        await _cloud.ReadyAsync("hello", 1, Patience);
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var follow = NimbusCli.Start(_cloud.Data, lines, "logs", "hello", "-f");
        try
        {
            Assert.Equal(0, (await _cloud.CliAsync("scale", "hello", "2")).ExitCode);
            var instances = await _cloud.ReadyAsync("hello", 2, Patience);
            foreach (var instance in instances)
            {
                await Http.GetAsync(instance.Address, "/");
            }

            await Poll.UntilAsync(() => Task.FromResult(instances.All(i => lines.Any(l => l.Contains($"{i.Id} | GET / 200", StringComparison.Ordinal)))),
                TimeSpan.FromSeconds(15), "the followed logs to show a request line from both instances");
        }
        finally
        {
            follow.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task ScaleAndRollback_ChangeCountAndRelease()
    {
        await _cloud.DeployAsync(App(), "--instances", "1");
        await _cloud.ReadyAsync("hello", 1, Patience);
        Assert.Equal(0, (await _cloud.CliAsync("env", "set", "hello", "GREETING=second")).ExitCode);

        var scale = await _cloud.CliAsync("scale", "hello", "3");
        Assert.True(scale.ExitCode == 0, scale.ToString());
        await _cloud.ReadyAsync("hello", 3, Patience);

        var rollback = await _cloud.CliAsync("rollback", "hello");
        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        var instances = await _cloud.ReadyAsync("hello", 3, Patience);
        Assert.All(instances, i => Assert.Equal("v3", i.Release));
        Assert.StartsWith("hello from", await Http.GetAsync(instances[0].Address));

        var down = await _cloud.CliAsync("scale", "hello", "1");
        Assert.True(down.ExitCode == 0, down.ToString());
        await _cloud.ReadyAsync("hello", 1, Patience);
    }

    [Fact]
    public async Task EnvUnsetAndRollbackTo_MakeReleasesWithTheRightEnvironment()
    {
        await _cloud.DeployAsync(App(), "--instances", "1");
        await _cloud.ReadyAsync("hello", 1, Patience);
        Assert.Equal(0, (await _cloud.CliAsync("env", "set", "hello", "GREETING=howdy", "EXTRA=1")).ExitCode);
        Assert.Equal(0, (await _cloud.CliAsync("env", "unset", "hello", "EXTRA")).ExitCode);
        var missing = await _cloud.CliAsync("env", "unset", "hello", "NOPE");
        Assert.Equal(4, missing.ExitCode);
        Assert.Contains("'NOPE' is not set", missing.Stderr);

        var v3 = (await _cloud.ReadyAsync("hello", 1, Patience))[0];
        Assert.Equal("v3", v3.Release);
        var info = await Http.GetAsync(v3.Address, "/info");
        Assert.Contains("\"greeting\": \"howdy\"", info);

        var back = await _cloud.CliAsync("rollback", "hello", "--to", "v1");
        Assert.True(back.ExitCode == 0, back.ToString());
        var v4 = (await _cloud.ReadyAsync("hello", 1, Patience))[0];
        Assert.Equal("v4", v4.Release);
        Assert.StartsWith("hello from", await Http.GetAsync(v4.Address));
        var env = await _cloud.CliAsync("env", "list", "hello", "--output", "json");
        Assert.DoesNotContain("GREETING", env.Stdout);
    }

    [Fact]
    public async Task Destroy_StopsEveryInstanceAndRemovesTheApp()
    {
        await _cloud.DeployAsync(App(), "--instances", "2");
        var instances = await _cloud.ReadyAsync("hello", 2, Patience);

        var destroy = await _cloud.CliAsync("destroy", "hello");

        Assert.True(destroy.ExitCode == 0, destroy.ToString());
        Assert.All(instances, i => Assert.False(Signals.IsAlive(i.Pid), $"pid {i.Pid} still runs"));
        Assert.Equal(4, (await _cloud.CliAsync("ps", "hello")).ExitCode);
    }
}
