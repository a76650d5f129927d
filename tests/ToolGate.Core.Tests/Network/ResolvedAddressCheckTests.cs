using System.Net;
using ToolGate.Core.Decisions;
using ToolGate.Core.Network;
using ToolGate.Core.Policies;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Network;

public class ResolvedAddressCheckTests
{
    private static readonly PolicySnapshot Snapshot = PolicySnapshot.Create([], OperatorSettings.Default, TestKnowledge.Shell, TestKnowledge.Network);

    [Fact]
    public void Check_EveryAddressPublic_IsNull()
    {
        Assert.Null(ResolvedAddressCheck.Check("example.com", [IPAddress.Parse("93.184.215.14"), IPAddress.Parse("2606:2800:21f:cb07:6820:80da:af6b:8b2c")], Snapshot));
    }

    [Fact]
    public void Check_IPv4MappedPublicAnswer_IsNull()
    {
        // Regression: an AAAA answer ::ffff:1.1.1.1 was denied as unique-local (IPNetwork.Contains on a mapped address).
        Assert.Null(ResolvedAddressCheck.Check("one.one.one.one", [IPAddress.Parse("::ffff:1.1.1.1"), IPAddress.Parse("::ffff:1.0.0.1")], Snapshot));
    }

    [Theory]
    [InlineData("127.0.0.1", "'rebind.example' resolves to 127.0.0.1, in a blocked address class: loopback")]
    [InlineData("169.254.169.254", "'rebind.example' resolves to 169.254.169.254, in a blocked address class: cloud metadata address")]
    [InlineData("::ffff:10.0.0.1", "'rebind.example' resolves to ::ffff:10.0.0.1, in a blocked address class: private (RFC 1918) (embedded in ::ffff:10.0.0.1)")]
    [InlineData("fd20:ce::254", "'rebind.example' resolves to fd20:ce::254, in a blocked address class: cloud metadata address")]
    public void Check_OneBlockedAddressAmongPublicOnes_DeniesTheName(string blocked, string reason)
    {
        var verdict = ResolvedAddressCheck.Check("rebind.example", [IPAddress.Parse("93.184.215.14"), IPAddress.Parse(blocked)], Snapshot);

        Assert.NotNull(verdict);
        Assert.Equal(NetworkGuardrails.AddressClassRule, verdict.Rule);
        Assert.Equal(reason, verdict.Reason);
        Assert.Equal(Severity.High, verdict.Severity);
    }

    [Fact]
    public void Check_OperatorOpenedRange_PassesThatRangeOnly()
    {
        var opened = PolicySnapshot.Create([], new OperatorSettings { AllowedNetworks = [IPNetwork.Parse("10.20.0.0/16")] }, null, TestKnowledge.Network);

        Assert.Null(ResolvedAddressCheck.Check("registry.internal", [IPAddress.Parse("10.20.1.2")], opened));
        Assert.NotNull(ResolvedAddressCheck.Check("registry.internal", [IPAddress.Parse("10.21.1.2")], opened));
    }

    [Fact]
    public void Check_NoAddress_IsInvalidTarget()
    {
        Assert.Equal(Rules.InvalidTarget, ResolvedAddressCheck.Check("nowhere.example", [], Snapshot)?.Rule);
    }

    [Fact]
    public void Check_WithoutNetworkKnowledge_DeniesEvenPublicAddresses()
    {
        var bare = PolicySnapshot.Create([], OperatorSettings.Default, TestKnowledge.Shell);

        Assert.Equal(Rules.DecisionError, ResolvedAddressCheck.Check("example.com", [IPAddress.Parse("93.184.215.14")], bare)?.Rule);
    }
}
