using System.Net;
using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Network;
using ToolGate.Core.Policies;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Network;

/// <summary>
/// IPv4 hosts with zero-padded numbers are octal to inet_aton and WHATWG but decimal to other parsers: both readings
/// are judged, and a host that means two different addresses is refused.
/// </summary>
public class ZeroPaddedAddressTests
{
    private static readonly NetworkPolicy AnyPublicHost = NetworkPolicy.Compile([TestGrants.Network("any", ["*"])]);

    [Theory]
    [InlineData("0127.0.0.1", "127.0.0.1")]
    [InlineData("010.0.0.1", "10.0.0.1")]
    [InlineData("010.1", "10.0.0.1")]
    [InlineData("0100.1.1.1", "100.1.1.1")]
    [InlineData("1.2.3.010", "1.2.3.10")]
    [InlineData("0x7f.00.01", "127.0.0.1")]
    [InlineData("00000000000000000000000000192.168.0.1", "192.168.0.1")]
    public void Of_ZeroPaddedHost_ReadsTheNumbersAsDecimal(string host, string expected)
    {
        Assert.Equal(IPAddress.Parse(expected), IPv4DecimalReading.Of(host));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("0x7f.1")]
    [InlineData("0")]
    [InlineData("0300.0250.0.1")]
    [InlineData("0256.1.1.1")]
    [InlineData("01.2.3.4.5")]
    [InlineData("099999999999999999999999.1")]
    public void Of_NoPaddingOrNoDecimalAddress_IsNull(string host)
    {
        Assert.Null(IPv4DecimalReading.Of(host));
    }

    [Theory]
    [InlineData("http://0127.0.0.1/", "127.0.0.1", "loopback")]
    [InlineData("http://010.8.8.8/", "10.8.8.8", "private (RFC 1918)")]
    [InlineData("http://0100.0100.0100.0200/", "100.100.100.200", "cloud metadata address")]
    [InlineData("0172.016.0.1:22", "172.16.0.1", "private (RFC 1918)")]
    public void Decide_DecimalReadingInABlockedClass_IsDeniedByItsClass(string target, string reading, string addressClass)
    {
        var verdict = Decide(target);

        Assert.False(verdict.IsAllowed);
        Assert.Equal(NetworkGuardrails.AddressClassRule, verdict.Rule);
        Assert.Contains($"but {reading} read as decimal", verdict.Reason, StringComparison.Ordinal);
        Assert.EndsWith($"in a blocked address class: {addressClass}", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_TwoPublicReadings_IsRefusedAsAmbiguous()
    {
        var verdict = Decide("http://0100.1.1.1/");

        Assert.Equal(Rules.InvalidTarget, verdict.Rule);
        Assert.Equal("the zero-padded address is 64.1.1.1 read as octal but 100.1.1.1 read as decimal; write it without leading zeros", verdict.Reason);
    }

    [Theory]
    [InlineData("http://01.1.1.1/")]
    [InlineData("http://8.8.8.07/")]
    [InlineData("http://1.1.1.1/")]
    public void Decide_ZeroPaddingThatReadsTheSameEitherWay_IsAllowed(string target)
    {
        Assert.True(Decide(target).IsAllowed);
    }

    private static Verdict Decide(string target) =>
        NetworkEvaluator.Decide(new NetworkAction(target), AnyPublicHost, TestKnowledge.Network, OperatorSettings.Default, TestGrants.Now);
}
