using ToolGate.Core.Network;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Network;

/// <summary>Loading <c>network.yaml</c>: the shipped file is valid; a broken one is refused with every error named.</summary>
public class NetworkKnowledgeTests
{
    private const string Valid = """
        addressClasses:
          loopback: [127.0.0.0/8, "::1/128"]
          private (RFC 1918): [10.0.0.0/8]
          cloud metadata address: [169.254.169.254]
        hostNames:
          loopback name: [localhost, "*.localhost"]
        mining:
          schemes: [stratum+tcp]
          domains: [2miners.com]
          connectPorts: [3333]
        """;

    [Fact]
    public void Parse_ShippedFile_IsValid()
    {
        var knowledge = NetworkKnowledge.Parse(TestKnowledge.NetworkYaml, out var errors);

        Assert.Empty(errors);
        Assert.NotNull(knowledge);
    }

    [Fact]
    public void Parse_MinimalFile_BuildsEveryPart()
    {
        var knowledge = NetworkKnowledge.Parse(Valid, out var errors);

        Assert.Empty(errors);
        Assert.NotNull(knowledge);
        Assert.Equal("cloud metadata address", knowledge.Addresses.Classify(System.Net.IPAddress.Parse("169.254.169.254")));
        Assert.Equal("loopback name", knowledge.HostNames.Classify("x.localhost"));
        Assert.Equal("stratum+tcp", knowledge.Mining.SchemeOf("STRATUM+TCP://x:1"));
        Assert.Equal([3333], knowledge.Mining.ConnectPorts);
    }

    [Theory]
    [InlineData("127.0.0.0/8", "10.0.0.1/8", "addressClasses['private (RFC 1918)'][0]: '10.0.0.1/8' has bits set after the prefix; write 10.0.0.0/8")]
    [InlineData("127.0.0.0/8", "10.0.0.0/33", "addressClasses['private (RFC 1918)'][0]: '10.0.0.0/33' is not an address or a CIDR network")]
    [InlineData("127.0.0.0/8", "ten", "addressClasses['private (RFC 1918)'][0]: 'ten' is not an address or a CIDR network")]
    [InlineData("127.0.0.0/8", "\"fe80::1%eth0\"", "addressClasses['private (RFC 1918)'][0]: 'fe80::1%eth0' is not an address or a CIDR network")]
    [InlineData("10.0.0.0/8", "10.0.0.0/8", "addressClasses['private (RFC 1918)'][0]: 10.0.0.0/8 is already in class 'loopback'")]
    public void Parse_BadNetwork_NamesTheField(string loopback, string network, string expected)
    {
        var yaml = Valid.Replace("[127.0.0.0/8, \"::1/128\"]", $"[{loopback}, \"::1/128\"]", StringComparison.Ordinal)
            .Replace("[10.0.0.0/8]", $"[{network}]", StringComparison.Ordinal);

        Assert.Null(NetworkKnowledge.Parse(yaml, out var errors));
        Assert.Contains(expected, errors);
    }

    [Theory]
    [InlineData("domains: [2miners.com]", "domains: [com]", "mining.domains[0]: 'com' has one label; a pool domain needs at least two, or it would cover a whole top-level domain")]
    [InlineData("domains: [2miners.com]", "domains: [\"*.2miners.com\"]", "mining.domains[0]: write '2miners.com' without '*.'; a pool domain covers the names under it")]
    [InlineData("domains: [2miners.com]", "domains: [2miners.com, 2MINERS.com.]", "mining.domains[1]: '2MINERS.com.' is listed twice")]
    [InlineData("domains: [2miners.com]", "domains: [10.0.0.1]", "mining.domains[0]: '10.0.0.1' is an address; list it under addressClasses")]
    [InlineData("domains: [2miners.com]", "domains: [\"a..b\"]", "mining.domains[0]: 'a..b' is not a host name")]
    [InlineData("connectPorts: [3333]", "connectPorts: [3333, 443]", "mining.connectPorts[1]: 443 carries ordinary web traffic and must not be a mining indicator")]
    [InlineData("connectPorts: [3333]", "connectPorts: [70000]", "mining.connectPorts[0]: 70000 is not a port (1-65535)")]
    [InlineData("schemes: [stratum+tcp]", "schemes: [stratum+tcp, https]", "mining.schemes[1]: 'https' is a web scheme; listing it would deny all web traffic")]
    [InlineData("schemes: [stratum+tcp]", "schemes: [Stratum+TCP]", "mining.schemes[0]: 'Stratum+TCP' is not a lower-case URL scheme")]
    [InlineData("loopback name: [localhost, \"*.localhost\"]", "loopback name: [localhost, \"*.localhost\", \"ex ample\"]", "hostNames['loopback name'][2]: 'ex ample' is not a host name")]
    [InlineData("loopback name: [localhost, \"*.localhost\"]", "loopback name: [\"*.localhost\"]", "hostNames: 'localhost' is in no class; loopback names must always be blocked")]
    [InlineData("  loopback: [127.0.0.0/8, \"::1/128\"]\n", "", "addressClasses: 127.0.0.1 is in no class; loopback, private and metadata addresses must always be blocked")]
    [InlineData("private (RFC 1918): [10.0.0.0/8]", "private (RFC 1918):", "addressClasses['private (RFC 1918)'] lists nothing")]
    public void Parse_BadEntry_NamesTheField(string find, string replace, string expected)
    {
        var yaml = Valid.Replace(find, replace, StringComparison.Ordinal);

        Assert.Null(NetworkKnowledge.Parse(yaml, out var errors));
        Assert.Contains(expected, errors);
    }

    [Theory]
    [InlineData("[nip.io, NIP.IO.]", "addressEchoDomains[1]: 'NIP.IO.' is listed twice")]
    [InlineData("[io]", "addressEchoDomains[0]: 'io' has one label; an echo domain needs at least two")]
    [InlineData("[10.0.0.1]", "addressEchoDomains[0]: '10.0.0.1' is an address; list it under addressClasses")]
    [InlineData("[\"a b\"]", "addressEchoDomains[0]: 'a b' is not a host name")]
    public void Parse_BadEchoDomain_NamesTheField(string list, string expected)
    {
        Assert.Null(NetworkKnowledge.Parse(Valid + $"\naddressEchoDomains: {list}\n", out var errors));
        Assert.Contains(expected, errors);
    }

    [Fact]
    public void Parse_EchoDomains_CoverTheNamesUnderThemOnly()
    {
        var knowledge = NetworkKnowledge.Parse(Valid + "\naddressEchoDomains: [NIP.io.]\n", out _);
        var withoutSection = NetworkKnowledge.Parse(Valid, out _);

        Assert.True(knowledge!.AddressEchoDomains.TryMatch("10.0.0.1.nip.io", out var domain, out _));
        Assert.Equal("nip.io", domain);
        Assert.False(knowledge.AddressEchoDomains.TryMatch("nip.io", out _, out _));
        Assert.False(knowledge.AddressEchoDomains.TryMatch("notnip.io", out _, out _));
        Assert.False(withoutSection!.AddressEchoDomains.TryMatch("10.0.0.1.nip.io", out _, out _));
    }

    [Theory]
    [InlineData("stratum+tcp://x:1", "stratum+tcp")]
    [InlineData("STRATUM+WSS://x:1", "stratum+wss")]
    [InlineData("Stratum://x:1", "stratum")]
    [InlineData("stratum1+tls12://x:1", "stratum1+tls12")]
    [InlineData("stratums://x:1", "stratums")]
    [InlineData("stratum2ss://x:1", "stratum2ss")]
    [InlineData("ethproxy+tcp://x:1", "ethproxy+tcp")]
    [InlineData("stratum+tcp+tls://x:1", "stratum+tcp+tls")]
    [InlineData("https://x:1", null)]
    [InlineData("stratumx+tcp://x:1", null)]
    [InlineData("xstratum+tcp://x:1", null)]
    [InlineData("+tcp://x:1", null)]
    [InlineData("stratum+tcp:x:1", null)]
    public void SchemeOf_ShippedSchemes_CoverTheirTransportVariants(string target, string? expected)
    {
        Assert.Equal(expected, TestKnowledge.Network.Mining.SchemeOf(target));
    }

    [Fact]
    public void Parse_SeveralErrors_ReportsThemAll()
    {
        var yaml = Valid.Replace("[3333]", "[443, 0]", StringComparison.Ordinal).Replace("[2miners.com]", "[com]", StringComparison.Ordinal);

        Assert.Null(NetworkKnowledge.Parse(yaml, out var errors));
        Assert.Equal(3, errors.Count);
    }

    [Theory]
    [InlineData("mining:\n  schemes: [stratum+tcp]\n  domains: [a.b]\n", "mining: the section is missing (schemes, domains, connectPorts)")]
    [InlineData("", "addressClasses must name at least one class of addresses")]
    public void Parse_MissingSection_NamesIt(string yaml, string expected)
    {
        Assert.Null(NetworkKnowledge.Parse(yaml.Length == 0 ? yaml : yaml.Replace("mining:", "minning:", StringComparison.Ordinal), out var errors));
        Assert.Contains(errors, e => e == expected || e.Contains("minning", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_UnknownKeyOrBadYaml_NamesTheLine()
    {
        Assert.Null(NetworkKnowledge.Parse(Valid + "\nminingPorts: [1]\n", out var unknown));
        Assert.StartsWith("line 11, column 1: ", Assert.Single(unknown), StringComparison.Ordinal);

        Assert.Null(NetworkKnowledge.Parse(Valid.Replace("[3333]", "[three]", StringComparison.Ordinal), out var notAPort));
        Assert.StartsWith("line 10, column ", Assert.Single(notAPort), StringComparison.Ordinal);
    }
}
