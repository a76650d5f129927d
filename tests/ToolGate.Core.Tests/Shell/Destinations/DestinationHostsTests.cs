using ToolGate.Core.Shell.Destinations;

namespace ToolGate.Core.Tests.Shell.Destinations;

public class DestinationHostsTests
{
    private const DestinationForms All = DestinationForms.Url | DestinationForms.Remote | DestinationForms.Host;

    [Theory]
    [InlineData("http://10.0.0.1/x", DestinationForms.Url, "10.0.0.1")]
    [InlineData("https://user:pw@[::1]:8443/x?y#z", DestinationForms.Url, "[::1]")]
    [InlineData("http://a@b@c/", DestinationForms.Url, "c|b@c")]
    [InlineData("http://127.0.0.1\\@example.com/", DestinationForms.Url, "example.com|127.0.0.1")]
    [InlineData("pkg @ git+https://10.0.0.1/r.git", DestinationForms.Url, "10.0.0.1")]
    [InlineData("git+ssh://git@10.0.0.1:team/r.git", DestinationForms.Url, "10.0.0.1")]
    [InlineData("file:///etc/passwd", DestinationForms.Url, "")]
    [InlineData("git@10.0.0.1:team/r.git", DestinationForms.Remote, "10.0.0.1")]
    [InlineData("root@[fe80::1]:/tmp", DestinationForms.Remote, "[fe80::1]")]
    [InlineData("backup::module/dir", DestinationForms.Remote, "backup")]
    [InlineData("src/a:b", DestinationForms.Remote, "")]
    [InlineData("user@10.0.0.5", All, "10.0.0.5")]
    [InlineData("169.254.169.254/latest", DestinationForms.Host, "169.254.169.254")]
    [InlineData("localhost:8080", DestinationForms.Host, "localhost")]
    [InlineData(":8080/api", DestinationForms.Host, "localhost")]
    [InlineData("::1", DestinationForms.Host, "::1")]
    [InlineData("10.0.0.1", DestinationForms.Url | DestinationForms.Remote, "")]
    [InlineData("http://10.0.0.1/", DestinationForms.Host, "")]
    public void Read_Word_YieldsEveryHostItCanName(string word, DestinationForms forms, string expected)
    {
        var hosts = new List<string>();

        DestinationHosts.Read(word, forms, hosts);

        Assert.Equal(expected, string.Join('|', hosts));
    }
}
