using Nimbus.Agent.Runtime;

namespace Nimbus.Agent.Tests.Runtime;

public sealed class ExitDescriptionTests
{
    [Theory]
    [InlineData(0, false, "exit code 0")]
    [InlineData(3, false, "exit code 3")]
    [InlineData(128, false, "exit code 128")]
    [InlineData(137, false, "killed by SIGKILL")]
    [InlineData(143, false, "killed by SIGTERM")]
    [InlineData(139, false, "killed by SIGSEGV")]
    [InlineData(137, true, "OOM-killed")]
    [InlineData(1, true, "exit code 1")]
    public void Describe_ExitCode_ReadsLikeAHuman(int code, bool oom, string expected) =>
        Assert.Equal(expected, ExitDescription.Describe(code, oom));
}
