using Nimbus.Agent.Runtime;
using Nimbus.Agent.Tests.TestSupport;

namespace Nimbus.Agent.Tests.Runtime;

public sealed class AppUserTests
{
    [Fact]
    public void Resolve_AsRoot_IsNobodyNeverRoot_OtherwiseNull()
    {
        var user = AppUser.Resolve();

        if (Environment.UserName == "root")
        {
            Assert.NotNull(user);
            Assert.NotEqual(0, user.Value.Uid);
            Assert.NotEqual(0, user.Value.Gid);
            Assert.Equal(AppUser.Lookup("nobody", "/etc/passwd"), user.Value);
        }
        else
        {
            Assert.Null(user);
        }
    }

    [Fact]
    public void Lookup_PasswdEntry_ReturnsItsUidAndGid()
    {
        using var dir = new TempDirectory();
        var passwd = dir.Combine("passwd");
        File.WriteAllLines(passwd, ["root:x:0:0:root:/root:/bin/bash", "nobody:x:99:98:nobody:/:/sbin/nologin"]);

        Assert.Equal((99, 98), AppUser.Lookup("nobody", passwd));
    }

    [Fact]
    public void Lookup_MissingUserOrFile_FallsBackTo65534()
    {
        using var dir = new TempDirectory();
        var passwd = dir.Combine("passwd");
        File.WriteAllLines(passwd, ["root:x:0:0:root:/root:/bin/bash"]);

        Assert.Equal((65534, 65534), AppUser.Lookup("nobody", passwd));
        Assert.Equal((65534, 65534), AppUser.Lookup("nobody", dir.Combine("missing")));
    }
}
