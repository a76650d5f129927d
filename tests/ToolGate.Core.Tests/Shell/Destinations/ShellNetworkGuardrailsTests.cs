using System.Net;
using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Policies;
using ToolGate.Core.Shell;
using ToolGate.Core.Shell.Destinations;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Shell.Destinations;

/// <summary>Where a granted network program connects is judged by the network guardrails, with the operator's opened ranges.</summary>
public class ShellNetworkGuardrailsTests
{
    private static readonly ShellPolicy Policy = ShellPolicy.Compile([TestGrants.Shell("net", ["curl *", "git *", "ssh *", "pip *"])]);

    [Theory]
    [InlineData("curl http://169.254.169.254/latest/meta-data/", "169.254.169.254 is in a blocked address class: cloud metadata address")]
    [InlineData("git clone http://10.0.0.1/repo", "10.0.0.1 is in a blocked address class: private (RFC 1918)")]
    [InlineData("ssh deploy@localhost", "'localhost' is a loopback name")]
    public void Decide_GrantedProgramToABlockedDestination_IsDeniedNamingProgramDestinationAndClass(string command, string why)
    {
        var verdict = Decide(command, TestKnowledge.ShellNetwork);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("guardrail:network.address-class", verdict.Rule);
        Assert.Equal(Severity.High, verdict.Severity);
        Assert.EndsWith(why, verdict.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"'{command.Split(' ')[0]}' connects to '", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_VersionedProgramName_HasItsProgramsDestinations()
    {
        var policy = ShellPolicy.Compile([TestGrants.Shell("pip", ["pip3.12 *"])]);

        var verdict = ShellEvaluator.Decide(
            new ShellAction("pip3.12 install --extra-index-url=http://169.254.169.254/ x", "/srv"), policy, TestKnowledge.Shell, TestGrants.Now,
            TestKnowledge.ShellNetwork);

        Assert.Equal("guardrail:network.address-class", verdict.Rule);
    }

    [Theory]
    [InlineData("if true; then wget http://169.254.169.254/; fi", "unsupported shell construct: compound statement 'if'")]
    [InlineData("wget http://169.254.169.254/", "no shell grant allows 'wget' with these arguments")]
    public void Decide_CommandDeniedAnyway_KeepsThatReason(string command, string reason)
    {
        var verdict = Decide(command, TestKnowledge.ShellNetwork);

        Assert.False(verdict.IsAllowed);
        Assert.Equal(reason, verdict.Reason);
    }

    [Fact]
    public void Decide_MiningPoolDestination_IsCritical()
    {
        var verdict = Decide("curl https://ss.antpool.com/", TestKnowledge.ShellNetwork);

        Assert.Equal("guardrail:network.miner", verdict.Rule);
        Assert.Equal(Severity.Critical, verdict.Severity);
    }

    [Fact]
    public void Decide_RangeTheOperatorOpened_IsAllowedAndOthersStayBlocked()
    {
        var opened = new ShellNetworkGuardrails(TestKnowledge.Network, new OperatorSettings { AllowedNetworks = [IPNetwork.Parse("10.0.0.0/8")] });

        Assert.True(Decide("git clone http://10.0.0.1/repo", opened).IsAllowed);
        Assert.True(Decide("curl http://[::ffff:10.0.0.1]/", opened).IsAllowed);
        Assert.False(Decide("curl http://169.254.169.254/", opened).IsAllowed);
        Assert.False(Decide("curl http://10.0.0.1.nip.io/", TestKnowledge.ShellNetwork).IsAllowed);
    }

    [Fact]
    public void Decide_WithoutNetworkGuardrails_DeniesADestinationButNotACommandWithout()
    {
        var denied = Decide("curl https://example.com/", ShellNetworkGuardrails.Unavailable);

        Assert.False(denied.IsAllowed);
        Assert.Equal(Rules.DecisionError, denied.Rule);
        Assert.Contains("no network guardrails are loaded", denied.Reason, StringComparison.Ordinal);
        Assert.True(Decide("git log --oneline", ShellNetworkGuardrails.Unavailable).IsAllowed);
    }

    [Theory]
    [InlineData("curl https://example.com/")]
    [InlineData("curl -m 10 -H 'X-Forwarded-For: 127.0.0.1' https://example.com/")]
    [InlineData("git clone https://github.com/org/repo.git")]
    [InlineData("git push origin HEAD:refs/heads/main")]
    [InlineData("ssh -p 22 deploy@bastion.example.com ls /tmp")]
    [InlineData("pip install -r requirements.txt")]
    public void Decide_PublicOrNoDestination_IsAllowed(string command)
    {
        var verdict = Decide(command, TestKnowledge.ShellNetwork);

        Assert.True(verdict.IsAllowed, verdict.Reason);
    }

    [Fact]
    public void Decide_ThroughThePolicySnapshot_UsesTheOperatorsOpenedRanges()
    {
        var snapshot = PolicySnapshot.Create(
            [TestGrants.Shell("net", ["curl *"])], new OperatorSettings { AllowedNetworks = [IPNetwork.Parse("127.0.0.0/8")] },
            TestKnowledge.Shell, TestKnowledge.Network);

        Assert.True(DecisionEngine.Decide("agent", new ShellAction("curl http://127.0.0.1:8080/", "/srv"), snapshot, TestGrants.Now).IsAllowed);
        Assert.False(DecisionEngine.Decide("agent", new ShellAction("curl http://localhost:8080/", "/srv"), snapshot, TestGrants.Now).IsAllowed);
    }

    private static Verdict Decide(string command, ShellNetworkGuardrails network) =>
        ShellEvaluator.Decide(new ShellAction(command, "/srv"), Policy, TestKnowledge.Shell, TestGrants.Now, network);
}
