using System.Net.Sockets;
using ToolGate.Core.Network;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Network;

public class NetworkTargetTests
{
    [Theory]
    [InlineData("https://registry.npmjs.org/left-pad", "https", "registry.npmjs.org", 443, "/left-pad")]
    [InlineData("https://REGISTRY.npmjs.org./react", "https", "registry.npmjs.org", 443, "/react")]
    [InlineData("HTTPS://Example.COM/A/b", "https", "example.com", 443, "/A/b")]
    [InlineData("https://registry.npmjs.org:443/x", "https", "registry.npmjs.org", 443, "/x")]
    [InlineData("https://example.com:8443", "https", "example.com", 8443, "/")]
    [InlineData("http://example.com", "http", "example.com", 80, "/")]
    [InlineData("ws://example.com/socket", "ws", "example.com", 80, "/socket")]
    [InlineData("wss://example.com", "wss", "example.com", 443, "/")]
    [InlineData("https://example.com/a/./b/../c?x=1#f", "https", "example.com", 443, "/a/c")]
    [InlineData("https://example.com//a//b/", "https", "example.com", 443, "/a/b")]
    [InlineData("https://example.com/../../x", "https", "example.com", 443, "/x")]
    [InlineData("https://example.com?q=http://10.0.0.1/", "https", "example.com", 443, "/")]
    [InlineData("https://huggingface.co/api%2f..%2fmodels", "https", "huggingface.co", 443, "/api%2F..%2Fmodels")]
    public void TryParse_Url_IsCanonicalised(string text, string scheme, string host, int port, string path)
    {
        var target = Parse(text);

        Assert.Equal(scheme, target.Scheme);
        Assert.Equal(host, target.Host);
        Assert.Equal(port, target.Port);
        Assert.Equal(path, target.Path);
        Assert.False(target.IsAuthority);
        Assert.Null(target.Address);
    }

    [Fact]
    public void TryParse_HostPort_IsAConnectAuthority()
    {
        var target = Parse("Registry.NPMJS.org.:443");

        Assert.True(target.IsAuthority);
        Assert.Null(target.Scheme);
        Assert.Equal("registry.npmjs.org", target.Host);
        Assert.Equal(443, target.Port);
        Assert.Equal("registry.npmjs.org:443", target.ToString());
    }

    [Fact]
    public void ToString_Url_HasExplicitPort()
    {
        Assert.Equal("https://registry.npmjs.org:443/react", Parse("https://REGISTRY.npmjs.org./react").ToString());
    }

    [Theory]
    [InlineData("http://127.0.0.1/", "127.0.0.1")]
    [InlineData("http://127.1/", "127.0.0.1")]
    [InlineData("http://0x7f.0.0.1/", "127.0.0.1")]
    [InlineData("http://0x7F.0.0.2/", "127.0.0.2")]
    [InlineData("http://017700000001/", "127.0.0.1")]
    [InlineData("http://0x7f000001/", "127.0.0.1")]
    [InlineData("http://3232235521/", "192.168.0.1")]
    [InlineData("http://0xc0a80001/", "192.168.0.1")]
    [InlineData("http://0300.0250.0.1/", "192.168.0.1")]
    [InlineData("http://192.168.1/", "192.168.0.1")]
    [InlineData("http://10.1/", "10.0.0.1")]
    [InlineData("http://0/", "0.0.0.0")]
    [InlineData("http://127.0.0.1./", "127.0.0.1")]
    [InlineData("10.0.0.5:22", "10.0.0.5")]
    public void TryParse_IPv4Spelling_IsTheDottedQuadAddress(string text, string address)
    {
        var target = Parse(text);

        Assert.NotNull(target.Address);
        Assert.Equal(AddressFamily.InterNetwork, target.Address.AddressFamily);
        Assert.Equal(address, target.Address.ToString());
        Assert.Equal(address, target.Host);
    }

    [Theory]
    [InlineData("http://[::1]/", "[::1]")]
    [InlineData("http://[::]/", "[::]")]
    [InlineData("http://[::FFFF:10.0.0.1]/", "[::ffff:10.0.0.1]")]
    [InlineData("http://[::ffff:a9fe:a9fe]/", "[::ffff:169.254.169.254]")]
    [InlineData("http://[64:ff9b::a00:1]/", "[64:ff9b::a00:1]")]
    [InlineData("http://[2002:c0a8:1::]/", "[2002:c0a8:1::]")]
    [InlineData("http://[FD00:EC2:0::254]/", "[fd00:ec2::254]")]
    [InlineData("[::1]:6379", "[::1]")]
    public void TryParse_IPv6Literal_IsCanonicalInBrackets(string text, string host)
    {
        var target = Parse(text);

        Assert.NotNull(target.Address);
        Assert.Equal(AddressFamily.InterNetworkV6, target.Address.AddressFamily);
        Assert.Equal(host, target.Host);
    }

    [Theory]
    [InlineData("http://[fe80::1%25eth0]/")]
    [InlineData("http://[FE80::1%25nosuchif0]/")]
    [InlineData("http://[fe80::1%253]/")]
    public void TryParse_ZoneId_IsDroppedFromTheHost(string text)
    {
        var target = Parse(text);

        Assert.Equal("[fe80::1]", target.Host);
        Assert.Equal("link-local", TestKnowledge.Network.Addresses.Classify(target.Address!));
    }

    [Fact]
    public void TryParse_Homograph_IsPunycodeNotTheLookalike()
    {
        var target = Parse("https://reg\u0456stry.npmjs.org/");

        Assert.StartsWith("xn--", target.Host, StringComparison.Ordinal);
        Assert.NotEqual("registry.npmjs.org", target.Host);
    }

    [Theory]
    [InlineData("https://user@example.com/", "user information in the authority (credentials or a host-confusion trick)")]
    [InlineData("https://registry.npmjs.org@198.51.100.7/", "user information in the authority (credentials or a host-confusion trick)")]
    [InlineData("registry.npmjs.org@198.51.100.7:443", "user information in the authority (credentials or a host-confusion trick)")]
    [InlineData("https://registry.npmjs.org\\@198.51.100.7/", "target contains whitespace, a control character or a backslash")]
    [InlineData("https://example.com\\x", "target contains whitespace, a control character or a backslash")]
    [InlineData("not a url", "target contains whitespace, a control character or a backslash")]
    [InlineData("https://exa\u0001mple.com/", "target contains whitespace, a control character or a backslash")]
    [InlineData("https://example.com/\u007f", "target contains whitespace, a control character or a backslash")]
    [InlineData("https://registry.npmjs.org%2e198.51.100.7/", "percent-encoded bytes in the host")]
    [InlineData("https://%65xample.com/", "percent-encoded bytes in the host")]
    [InlineData("http://%31%32%37.0.0.1/", "percent-encoded bytes in the host")]
    [InlineData("http://127.0.0.1%2f@registry.npmjs.org/", "user information in the authority (credentials or a host-confusion trick)")]
    [InlineData("https://registry.npmjs.org%40evil.example/", "percent-encoded bytes in the host")]
    [InlineData("https://:@registry.npmjs.org/", "user information in the authority (credentials or a host-confusion trick)")]
    [InlineData("https://registry.npmjs.org:443@evil.example/", "user information in the authority (credentials or a host-confusion trick)")]
    [InlineData("https:\\\\evil.example/", "target contains whitespace, a control character or a backslash")]
    [InlineData("https://registry.npmjs.org\\.evil.example/", "target contains whitespace, a control character or a backslash")]
    [InlineData("https://registry.npmjs.org;.evil.example/", "host 'registry.npmjs.org;.evil.example' is not a valid domain name")]
    [InlineData("https://xn--zz\u00e9.example/", "host 'xn--zz\u00e9.example' is not a valid domain name")]
    [InlineData("https://a\u200Eb.example/", "host 'a\u200Eb.example' is not a valid domain name")]
    [InlineData("http://1.2.3.4.5/", "numeric host '1.2.3.4.5' is not a valid IPv4 address")]
    [InlineData("http://example.123/", "numeric host 'example.123' is not a valid IPv4 address")]
    [InlineData("http://a.0xzz/", "numeric host 'a.0xzz' is not a valid IPv4 address")]
    [InlineData("http://4294967296/", "numeric host '4294967296' is not a valid IPv4 address")]
    [InlineData("ftp://registry.npmjs.org/", "scheme 'ftp' is not supported")]
    [InlineData("gopher://registry.npmjs.org:443/_x", "scheme 'gopher' is not supported")]
    [InlineData("file:///etc/passwd", "scheme 'file' is not supported")]
    [InlineData("stratum+tcp://xmr.example:2222", "scheme 'stratum+tcp' is not supported")]
    [InlineData("registry.npmjs.org", "a host:port authority needs a port")]
    [InlineData("registry.npmjs.org:443/x", "a target without a scheme must be a host:port authority")]
    [InlineData("https://example.com:0/", "invalid port '0'")]
    [InlineData("https://example.com:65536/", "invalid port '65536'")]
    [InlineData("https://example.com:/", "invalid port ''")]
    [InlineData("https://example.com:443a/", "invalid port '443a'")]
    [InlineData("https://example.com:-1/", "invalid port '-1'")]
    [InlineData("http://::1/", "an IPv6 address must be written in brackets")]
    [InlineData("http://[::1/", "unterminated IPv6 literal")]
    [InlineData("http://[::1]x/", "unexpected characters after the IPv6 literal")]
    [InlineData("http://[127.0.0.1]/", "invalid IPv6 literal '[127.0.0.1]'")]
    [InlineData("https:///x", "missing host")]
    [InlineData("http://ex!ample.com/", "host 'ex!ample.com' is not a valid domain name")]
    [InlineData("http://a..b/", "host 'a..b' is not a valid domain name")]
    [InlineData("", "empty target")]
    [InlineData("   ", "empty target")]
    public void TryParse_AmbiguousOrUnsupported_IsRefused(string text, string expectedError)
    {
        Assert.False(NetworkTarget.TryParse(text, out _, out var error));
        Assert.Equal(expectedError, error);
    }

    [Theory]
    [InlineData("https://b\u00fccher.example/", "xn--bcher-kva.example")]
    [InlineData("https://B\u00dcCHER.Example./", "xn--bcher-kva.example")]
    [InlineData("https://XN--BCHER-KVA.example/", "xn--bcher-kva.example")]
    [InlineData("https://\uff52\uff45\uff47\uff49\uff53\uff54\uff52\uff59.npmjs.org/", "registry.npmjs.org")]
    [InlineData("https://registry\u3002npmjs\uff0eorg/", "registry.npmjs.org")]
    [InlineData("https://\u0440\u0443\u0441.example/", "xn--p1acf.example")]
    public void TryParse_InternationalName_IsComparedOnItsAsciiForm(string text, string host)
    {
        Assert.Equal(host, Parse(text).Host);
    }

    [Fact]
    public void TryParse_NameLongerThanDns_IsRefused()
    {
        var name = string.Join('.', Enumerable.Repeat(new string('a', 63), 4));

        Assert.False(NetworkTarget.TryParse($"https://{name}/", out _, out var error));
        Assert.Equal($"host '{name}' is not a valid domain name", error);
        Assert.True(NetworkTarget.TryParse($"https://{name[..253]}/", out _, out _));
    }

    [Fact]
    public void ToCanonicalString_Url_DropsUserInfoFragmentAndDotSegments()
    {
        Assert.Equal("https://example.com:443/a/c%2F?q=1", Parse("HTTPS://Example.com./a/b/../c%2f?q=1#frag").ToCanonicalString());
    }

    [Fact]
    public void TryParse_LongerThanLimit_IsRefused()
    {
        var text = "https://registry.npmjs.org/" + new string('a', NetworkTarget.MaxLength);

        Assert.False(NetworkTarget.TryParse(text, out _, out var error));
        Assert.Equal("target longer than 2048 characters", error);
    }

    [Theory]
    [InlineData("http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/")]
    [InlineData("http://127\u30020\u30020\u30021/")]
    [InlineData("http://\uff11\uff12\uff17\uff0e\uff10\uff0e\uff10\uff0e\uff11/")]
    public void TryParse_UnicodeSpellingOfAnIPv4Address_IsTheAddressOrRefused(string text)
    {
        var parsed = NetworkTarget.TryParse(text, out var target, out _);

        Assert.True(!parsed || target.Address?.ToString() == "127.0.0.1", $"parsed as host '{target?.Host}' with no address");
    }

    [Theory]
    [InlineData("https://huggingface.co/api/%2e%2e/models")]
    [InlineData("https://huggingface.co/api/.%2E/models")]
    [InlineData("https://huggingface.co/api/%2E./models")]
    [InlineData("https://huggingface.co/api/%2e/../models")]
    public void TryParse_PercentEncodedDotSegments_AreRemoved(string text)
    {
        Assert.Equal("/models", Parse(text).Path);
    }

    private static NetworkTarget Parse(string text)
    {
        Assert.True(NetworkTarget.TryParse(text, out var target, out var error), error);
        Assert.Equal(string.Empty, error);
        return target;
    }
}
