using ToolGate.Core.Network;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Network;

/// <summary>The shipped special host names (<c>network.yaml</c> → <c>hostNames</c>) through <see cref="DomainTable"/>.</summary>
public class HostNameClassTests
{
    private static DomainTable HostNames => TestKnowledge.Network.HostNames;

    [Theory]
    [InlineData("localhost", "loopback name")]
    [InlineData("localhost.localdomain", "loopback name")]
    [InlineData("ip6-localhost", "loopback name")]
    [InlineData("ip6-loopback", "loopback name")]
    [InlineData("app.localhost", "loopback name")]
    [InlineData("a.b.localhost", "loopback name")]
    [InlineData("metadata", "cloud metadata name")]
    [InlineData("metadata.google.internal", "cloud metadata name")]
    [InlineData("instance-data.ec2.internal", "cloud metadata name")]
    [InlineData("metadata.azure.com", "cloud metadata name")]
    [InlineData("api.metadata.cloud.ibm.com", "cloud metadata name")]
    [InlineData("metadata.packet.net", "cloud metadata name")]
    [InlineData("localtest.me", "loopback name")]
    [InlineData("a.b.localtest.me", "loopback name")]
    [InlineData("lvh.me", "loopback name")]
    [InlineData("app.lvh.me", "loopback name")]
    [InlineData("x.vcap.me", "loopback name")]
    [InlineData("x.lacolhost.com", "loopback name")]
    [InlineData("get.localhost.direct", "loopback name")]
    [InlineData("x.local.gd", "loopback name")]
    [InlineData("host.docker.internal", "private name for the container host")]
    [InlineData("gateway.docker.internal", "private name for the container host")]
    [InlineData("host.containers.internal", "private name for the container host")]
    [InlineData("host.minikube.internal", "private name for the container host")]
    public void Classify_SpecialName_NamesItsClass(string host, string expected)
    {
        Assert.Equal(expected, HostNames.Classify(host));
    }

    [Theory]
    [InlineData("registry.npmjs.org")]
    [InlineData("notlocalhost")]
    [InlineData("localhost.example.com")]
    [InlineData("metadata.example.com")]
    [InlineData("x.metadata.google.internal")]
    [InlineData("notlvh.me")]
    [InlineData("lvh.me.example.com")]
    [InlineData("docker.internal")]
    [InlineData("registry.docker.io")]
    public void Classify_OrdinaryName_IsNull(string host)
    {
        Assert.Null(HostNames.Classify(host));
    }

    [Theory]
    [InlineData("xmr.2miners.com", "2miners.com")]
    [InlineData("2miners.com", "2miners.com")]
    [InlineData("a.b.gulf.moneroocean.stream", "moneroocean.stream")]
    public void TryMatch_PoolDomain_CoversTheDomainAndNamesUnderIt(string host, string domain)
    {
        Assert.True(TestKnowledge.Network.Mining.PoolDomains.TryMatch(host, out var matched, out _));
        Assert.Equal(domain, matched);
    }

    [Theory]
    [InlineData("not2miners.com")]
    [InlineData("2miners.com.example.org")]
    [InlineData("com")]
    public void TryMatch_NameNotOnADotBoundary_IsNoPoolDomain(string host)
    {
        Assert.False(TestKnowledge.Network.Mining.PoolDomains.TryMatch(host, out _, out _));
    }
}
