using System.Net;
using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Network;
using ToolGate.Core.Policies;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Network;

/// <summary>
/// Names under an address-echo DNS service (<c>network.yaml</c> → <c>addressEchoDomains</c>): the addresses they spell,
/// and the decision, which judges those addresses before any resolution.
/// </summary>
public class SpelledAddressesTests
{
    private static readonly NetworkPolicy AnyPublicHost = NetworkPolicy.Compile([TestGrants.Network("any", ["*"])]);

    [Theory]
    [InlineData("10.0.0.1", "10.0.0.1")]
    [InlineData("app.10.0.0.1", "10.0.0.1")]
    [InlineData("10-0-0-1", "10.0.0.1")]
    [InlineData("app-10-0-0-1", "10.0.0.1")]
    [InlineData("customer1.app-192-168-1-20", "192.168.1.20")]
    [InlineData("0a000001", "10.0.0.1")]
    [InlineData("app-7f000001", "127.0.0.1")]
    [InlineData("7f000001.c0a80001", "127.0.0.1 192.168.0.1")]
    [InlineData("make-1.2.3.4-rebind-169.254.169.254-rr", "1.2.3.4 169.254.169.254")]
    [InlineData("--1", "::1")]
    [InlineData("fe80--1", "fe80::1")]
    [InlineData("www.2a01-4f8-c17-b8f--2", "2a01:4f8:c17:b8f::2")]
    [InlineData("www-fe80--1", "fe80::1")]
    [InlineData("app", "")]
    [InlineData("300.1.1.1", "")]
    [InlineData("1-2-3", "")]
    public void In_Labels_ReturnsEveryAddressTheyCouldSpell(string labels, string expected)
    {
        var found = SpelledAddresses.In(labels);

        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(IPAddress.Parse), found);
    }

    [Theory]
    [InlineData("http://10.0.0.1.nip.io/", "10.0.0.1", "private (RFC 1918)")]
    [InlineData("http://APP-127-0-0-1.SSLIP.IO./", "127.0.0.1", "loopback")]
    [InlineData("https://a9fea9fe.nip.io/latest/meta-data/", "169.254.169.254", "cloud metadata address")]
    [InlineData("http://--1.sslip.io/", "::1", "loopback")]
    [InlineData("http://8.8.8.8.c0a80001.rbndr.us/", "192.168.0.1", "private (RFC 1918)")]
    [InlineData("127.0.0.1.xip.io:6379", "127.0.0.1", "loopback")]
    public void Decide_EchoNameSpellingABlockedAddress_IsDeniedByItsClass(string target, string address, string addressClass)
    {
        var verdict = Decide(target);

        Assert.False(verdict.IsAllowed);
        Assert.Equal(NetworkGuardrails.AddressClassRule, verdict.Rule);
        Assert.Contains($"spells {address}", verdict.Reason, StringComparison.Ordinal);
        Assert.EndsWith($"in a blocked address class: {addressClass}", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://8.8.8.8.nip.io/")]
    [InlineData("https://app.sslip.io/")]
    [InlineData("https://nip.io/")]
    [InlineData("https://10.0.0.1.example.com/")]
    public void Decide_EchoNameOfAPublicAddressOrNoneAndOtherDomains_GoOnToGrants(string target)
    {
        Assert.True(Decide(target).IsAllowed);
    }

    [Fact]
    public void Decide_EchoNameInAnOpenedRange_IsAllowed()
    {
        var opened = OperatorSettings.Default with { AllowedNetworks = [IPNetwork.Parse("10.0.0.0/24")] };

        var verdict = NetworkEvaluator.Decide(new NetworkAction("http://10.0.0.1.nip.io/"), AnyPublicHost, TestKnowledge.Network, opened, TestGrants.Now);

        Assert.True(verdict.IsAllowed, verdict.Reason);
    }

    private static Verdict Decide(string target) =>
        NetworkEvaluator.Decide(new NetworkAction(target), AnyPublicHost, TestKnowledge.Network, OperatorSettings.Default, TestGrants.Now);
}
