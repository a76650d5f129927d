using ToolGate.Core.Shell;

namespace ToolGate.Core.Tests.Shell;

public class ProtectedPathsTests
{
    private static readonly ProtectedPaths Paths = new(new Dictionary<string, List<string>>
    {
        ["persistence"] = ["/etc/cron", "/etc/systemd/", ".bashrc", ".git/hooks/", ".ssh/authorized_keys"],
        ["privilege-escalation"] = ["/etc/sudoers"],
    });

    [Theory]
    [InlineData("/etc/crontab", "/", "persistence")]
    [InlineData("/etc/cron.d/job", "/", "persistence")]
    [InlineData("/etc/systemd", "/", "persistence")]
    [InlineData("/etc/systemd/system/x.service", "/", "persistence")]
    [InlineData("/etc/../etc/sudoers.d/x", "/", "privilege-escalation")]
    [InlineData("//etc//sudoers", "/", "privilege-escalation")]
    [InlineData(".bashrc", "/home/u", "persistence")]
    [InlineData("../u/.bashrc", "/home/v", "persistence")]
    [InlineData(".git/hooks", "/srv/project", "persistence")]
    [InlineData(".git/hooks/pre-commit", "/srv/project", "persistence")]
    [InlineData("/root/.ssh/authorized_keys", null, "persistence")]
    public void Match_ProtectedPath_NamesItsClass(string path, string? cwd, string expected)
    {
        Assert.Equal(expected, Paths.Match(path, cwd)?.Class);
    }

    [Theory]
    [InlineData("/etc/hosts")]
    [InlineData("bashrc")]
    [InlineData(".bashrc.bak/x")]
    [InlineData("notes/.bashrc-ideas")]
    [InlineData(".git/config")]
    [InlineData("/srv/project/etc/sudoers")]
    [InlineData("")]
    public void Match_OtherPath_IsNull(string path)
    {
        Assert.Null(Paths.Match(path, "/srv/project"));
    }
}
