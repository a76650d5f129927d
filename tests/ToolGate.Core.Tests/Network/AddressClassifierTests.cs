using System.Net;
using ToolGate.Core.Network;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Network;

/// <summary>The shipped address classes (<c>network.yaml</c>) through <see cref="AddressClassifier"/>.</summary>
public class AddressClassifierTests
{
    private static AddressClassifier Classifier => TestKnowledge.Network.Addresses;

    [Theory]
    [InlineData("0.0.0.0", "unspecified (this network)")]
    [InlineData("0.1.2.3", "unspecified (this network)")]
    [InlineData("10.1.2.3", "private (RFC 1918)")]
    [InlineData("100.64.0.1", "carrier-grade NAT (shared address space)")]
    [InlineData("100.127.255.254", "carrier-grade NAT (shared address space)")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.255.254", "loopback")]
    [InlineData("169.254.1.1", "link-local")]
    [InlineData("172.16.0.1", "private (RFC 1918)")]
    [InlineData("172.31.255.255", "private (RFC 1918)")]
    [InlineData("192.0.0.170", "IETF protocol assignments")]
    [InlineData("192.0.2.1", "documentation")]
    [InlineData("192.88.99.1", "reserved (6to4 relay anycast)")]
    [InlineData("192.168.0.1", "private (RFC 1918)")]
    [InlineData("198.18.0.1", "benchmarking")]
    [InlineData("198.19.255.255", "benchmarking")]
    [InlineData("198.51.100.7", "documentation")]
    [InlineData("203.0.113.9", "documentation")]
    [InlineData("224.0.0.251", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("240.0.0.1", "reserved")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("169.254.169.254", "cloud metadata address")]
    [InlineData("169.254.170.2", "container credentials endpoint")]
    [InlineData("100.100.100.200", "cloud metadata address")]
    [InlineData("168.63.129.16", "cloud wire server address")]
    public void Classify_SpecialIPv4_NamesItsClass(string address, string expected)
    {
        Assert.Equal(expected, Classifier.Classify(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("1.1.1.1")]
    [InlineData("172.32.0.1")]
    [InlineData("172.15.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("198.20.0.1")]
    [InlineData("223.255.255.255")]
    public void Classify_PublicIPv4_IsNull(string address)
    {
        Assert.Null(Classifier.Classify(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("::", "unspecified")]
    [InlineData("::1", "loopback")]
    [InlineData("100::1", "reserved (discard prefix)")]
    [InlineData("64:ff9b:1::1", "reserved (local-use NAT64)")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo tunnel")]
    [InlineData("2001:10::1", "reserved (ORCHID)")]
    [InlineData("2001:20::1", "reserved (ORCHIDv2)")]
    [InlineData("2001:db8::1", "documentation")]
    [InlineData("3fff::1", "documentation")]
    [InlineData("fc00::5", "unique-local")]
    [InlineData("fdff:ffff::1", "unique-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("febf::1", "link-local")]
    [InlineData("fec0::1", "reserved (site-local)")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("fd00:ec2::254", "cloud metadata address")]
    [InlineData("fd20:ce::254", "cloud metadata address")]
    [InlineData("fd00:ec2::23", "container credentials endpoint")]
    [InlineData("5f00::1", "reserved (SRv6 SIDs)")]
    public void Classify_SpecialIPv6_NamesItsClass(string address, string expected)
    {
        Assert.Equal(expected, Classifier.Classify(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001::1")]
    [InlineData("2001:4860::8888")]
    public void Classify_PublicIPv6_IsNull(string address)
    {
        Assert.Null(Classifier.Classify(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("fe80::1%3", "link-local")]
    [InlineData("fd00:ec2::254%7", "cloud metadata address")]
    public void Classify_ScopedIPv6_IgnoresTheZone(string address, string expected)
    {
        Assert.Equal(expected, Classifier.Classify(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("::ffff:10.0.0.1", "private (RFC 1918) (embedded in ::ffff:10.0.0.1)")]
    [InlineData("::ffff:a9fe:a9fe", "cloud metadata address (embedded in ::ffff:169.254.169.254)")]
    [InlineData("64:ff9b::a00:1", "private (RFC 1918) (embedded in 64:ff9b::a00:1)")]
    [InlineData("2002:c0a8:1::", "private (RFC 1918) (embedded in 2002:c0a8:1::)")]
    [InlineData("::7f00:1", "loopback (embedded in ::127.0.0.1)")]
    public void Classify_IPv6EmbeddingSpecialIPv4_NamesTheEmbeddedClass(string address, string expected)
    {
        Assert.Equal(expected, Classifier.Classify(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("::ffff:1.1.1.1")]
    [InlineData("::ffff:1.2.3.4")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("0:0:0:0:0:ffff:101:101")]
    public void Classify_IPv4MappedPublicAddress_IsNull(string address)
    {
        // Regression: IPNetwork.Contains put ::ffff:1.x.x.x in fc00::/7, so these were denied as unique-local.
        Assert.Null(Classifier.Classify(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("192.0.0.192", "cloud metadata address")]
    [InlineData("169.254.0.23", "cloud metadata address")]
    [InlineData("169.254.42.42", "cloud metadata address")]
    [InlineData("fd00:c1::a9fe:a9fe", "cloud metadata address")]
    [InlineData("fd00:42::42", "cloud metadata address")]
    [InlineData("169.254.170.23", "container credentials endpoint")]
    [InlineData("::ffff:192.0.0.192", "cloud metadata address (embedded in ::ffff:192.0.0.192)")]
    public void Classify_MetadataAddressInsideARange_IsNamedAsMetadata(string address, string expected)
    {
        Assert.Equal(expected, Classifier.Classify(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("169.254.169.254", "cloud metadata address")]
    [InlineData("169.254.169.253", "link-local")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("255.255.255.254", "reserved")]
    public void Classify_OverlappingClasses_MostSpecificWins(string address, string expected)
    {
        var shuffled = new AddressClassifier(
        [
            (IPNetwork.Parse("240.0.0.0/4"), "reserved"),
            (IPNetwork.Parse("169.254.0.0/16"), "link-local"),
            (IPNetwork.Parse("255.255.255.255/32"), "broadcast"),
            (IPNetwork.Parse("169.254.169.254/32"), "cloud metadata address"),
        ]);

        Assert.Equal(expected, shuffled.Classify(IPAddress.Parse(address)));
    }

    [Fact]
    public void Classify_IPv4Address_DoesNotThrow()
    {
        // Regression: IPAddress.ScopeId throws for IPv4, so it may only be read for IPv6 addresses.
        var exception = Record.Exception(() => Classifier.Classify(IPAddress.Loopback));

        Assert.Null(exception);
    }

    [Theory]
    [InlineData("::ffff:10.0.0.1", "10.0.0.1")]
    [InlineData("::ffff:a9fe:a9fe", "169.254.169.254")]
    [InlineData("64:ff9b::a00:1", "10.0.0.1")]
    [InlineData("64:ff9b::c0a8:1", "192.168.0.1")]
    [InlineData("2002:c0a8:1::", "192.168.0.1")]
    [InlineData("2002:0808:0808:1::1", "8.8.8.8")]
    [InlineData("::a00:1", "10.0.0.1")]
    public void EmbeddedIPv4_IPv6Form_ReturnsTheEmbeddedAddress(string address, string embedded)
    {
        Assert.Equal(IPAddress.Parse(embedded), AddressClassifier.EmbeddedIPv4(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("64:ff9b:1::a00:1")]
    public void EmbeddedIPv4_NoEmbeddedAddress_IsNull(string address)
    {
        Assert.Null(AddressClassifier.EmbeddedIPv4(IPAddress.Parse(address)));
    }
}
