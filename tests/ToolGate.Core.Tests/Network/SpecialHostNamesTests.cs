using ToolGate.Core.Network;

namespace ToolGate.Core.Tests.Network;

public class SpecialHostNamesTests
{
    [Theory]
    [InlineData("localhost", "loopback name")]
    [InlineData("localhost.localdomain", "loopback name")]
    [InlineData("ip6-localhost", "loopback name")]
    [InlineData("ip6-loopback", "loopback name")]
    [InlineData("app.localhost", "loopback name")]
    [InlineData("metadata", "cloud metadata name")]
    [InlineData("metadata.google.internal", "cloud metadata name")]
    [InlineData("instance-data.ec2.internal", "cloud metadata name")]
    [InlineData("metadata.azure.com", "cloud metadata name")]
    public void Classify_SpecialName_NamesItsClass(string host, string expected)
    {
        Assert.Equal(expected, SpecialHostNames.Classify(host));
    }

    [Theory]
    [InlineData("registry.npmjs.org")]
    [InlineData("notlocalhost")]
    [InlineData("localhost.example.com")]
    [InlineData("metadata.example.com")]
    public void Classify_OrdinaryName_IsNull(string host)
    {
        Assert.Null(SpecialHostNames.Classify(host));
    }
}
