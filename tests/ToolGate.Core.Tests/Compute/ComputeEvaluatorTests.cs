using ToolGate.Core.Actions;
using ToolGate.Core.Compute;
using ToolGate.Core.Decisions;
using ToolGate.Core.Grants;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Compute;

public class ComputeEvaluatorTests
{
    private static readonly ComputeGrant Train = TestGrants.Compute("c1", maxGpus: 2, maxDurationSeconds: 3600, images: ["registry.local/train:*"]);

    [Theory]
    [InlineData("registry.local/train:v3", 2, 3600)]
    [InlineData("registry.local/train:latest", 0, 1)]
    public void Decide_WithinGrant_IsAdmitted(string image, int gpus, int duration)
    {
        var verdict = Decide(new ComputeAction(image, "python train.py", gpus, duration), Train);

        Assert.True(verdict.IsAllowed);
        Assert.Equal("grant:c1", verdict.Rule);
        Assert.Equal("within compute grant (2 GPUs, 3600s)", verdict.Reason);
        Assert.Same(Train, verdict.Grant);
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
    [InlineData("docker.io/xmrig/xmrig:latest")]
    [InlineData("registry.local/train")]
    [InlineData("registry.local/trainer:v1")]
    [InlineData("registry.local/train:v1/../evil")]
    [InlineData("evil.example/registry.local/train:v1")]
    [InlineData("REGISTRY.LOCAL/train:v1")]
    public void Decide_ImageNotMatchingGlob_IsDenied(string image)
    {
        var verdict = Decide(new ComputeAction(image, null, 1, 60), Train);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("grant:c1", verdict.Rule);
        Assert.Equal($"image '{image}' matches none of the granted images", verdict.Reason);
    }

    [Fact]
    public void Decide_NoGrant_IsDefaultDeny()
    {
        var verdict = ComputeEvaluator.Decide(new ComputeAction("registry.local/train:v3", null, 1, 60), ComputePolicy.Empty, TestGrants.Now);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("default-deny", verdict.Rule);
        Assert.Equal("no compute grant for this agent", verdict.Reason);
    }

    [Fact]
    public void Decide_OnlyExpiredGrant_IsDefaultDeny()
    {
        var expired = Train with { ExpiresAt = TestGrants.Now.AddMinutes(-1) };

        var verdict = Decide(new ComputeAction("registry.local/train:v3", null, 1, 60), expired);

        Assert.Equal(Rules.DefaultDeny, verdict.Rule);
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
    public void Decide_FirstGrantTooSmall_SecondGrantAdmits()
    {
        var big = TestGrants.Compute("c2", maxGpus: 8, maxDurationSeconds: 86_400, images: ["registry.local/**"]);

        var verdict = Decide(new ComputeAction("registry.local/train:v3", null, 4, 7200), Train, big);

        Assert.True(verdict.IsAllowed);
        Assert.Same(big, verdict.Grant);
    }

    [Fact]
    public void Decide_NoGrantAdmits_ReportsTheFirstActiveGrantsProblem()
    {
        var other = TestGrants.Compute("c2", maxGpus: 8, maxDurationSeconds: 60, images: ["registry.local/infer:*"]);

        var verdict = Decide(new ComputeAction("registry.local/train:v3", null, 4, 60), Train, other);

        Assert.Equal("grant:c1", verdict.Rule);
        Assert.Equal("4 GPUs exceed the granted maximum of 2", verdict.Reason);
    }

    private static Verdict Decide(ComputeAction action, params ComputeGrant[] grants) =>
        ComputeEvaluator.Decide(action, ComputePolicy.Compile(grants), TestGrants.Now);
}
