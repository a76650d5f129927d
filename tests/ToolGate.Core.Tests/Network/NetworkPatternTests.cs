using ToolGate.Core.Network;

namespace ToolGate.Core.Tests.Network;

public class NetworkPatternTests
{
    [Fact]
    public void TryParse_UrlWithoutPath_IsExactHostAnyPath()
    {
        var pattern = Parse("https://registry.npmjs.org");

        Assert.Equal("https", pattern.Scheme);
        Assert.Equal("registry.npmjs.org", pattern.Host);
        Assert.Equal(443, pattern.Port);
        Assert.Null(pattern.PathPrefix);
        Assert.Null(pattern.DomainSuffix);
        Assert.Equal("https://registry.npmjs.org", pattern.ToString());
    }

    [Fact]
    public void TryParse_UrlWithPath_IsAPathPrefix()
    {
        var pattern = Parse("https://huggingface.co:443/api/");

        Assert.Equal("huggingface.co", pattern.Host);
        Assert.Equal("/api", pattern.PathPrefix);
    }

    [Fact]
    public void TryParse_HostPort_HasNoScheme()
    {
        var pattern = Parse("registry.npmjs.org:443");

        Assert.Null(pattern.Scheme);
        Assert.Equal(443, pattern.Port);
    }

    [Theory]
    [InlineData("*.githubusercontent.com:443", null, ".githubusercontent.com", 443)]
    [InlineData("*.Example.COM.", null, ".example.com", null)]
    [InlineData("https://*.example.com", "https", ".example.com", 443)]
    [InlineData("http://*.example.com:8080", "http", ".example.com", 8080)]
    [InlineData("*", null, null, null)]
    [InlineData("*:443", null, null, 443)]
    public void TryParse_Wildcard_HasNoExactHost(string text, string? scheme, string? suffix, int? port)
    {
        var pattern = Parse(text);

        Assert.Null(pattern.Host);
        Assert.Equal(scheme, pattern.Scheme);
        Assert.Equal(suffix, pattern.DomainSuffix);
        Assert.Equal(port, pattern.Port);
        Assert.Null(pattern.PathPrefix);
    }

    [Theory]
    [InlineData("", "empty pattern")]
    [InlineData("*.example.com/x", "a wildcard pattern takes no path")]
    [InlineData("*foo.com", "a wildcard must be '*' or a leading '*.' label")]
    [InlineData("*.*.com", "a wildcard must be '*' or a leading '*.' label")]
    [InlineData("*.10.0.0.1", "a wildcard pattern needs a domain name, not an address")]
    [InlineData("ftp://*.example.com", "scheme 'ftp' is not supported")]
    [InlineData("*.example.com:0", "invalid port '0'")]
    [InlineData("example.com", "a host:port authority needs a port")]
    [InlineData("https://user@example.com", "user information in the authority (credentials or a host-confusion trick)")]
    public void TryParse_InvalidPattern_FailsWithReason(string text, string expectedError)
    {
        Assert.False(NetworkPattern.TryParse(text, out _, out var error));
        Assert.Equal(expectedError, error);
    }

    [Theory]
    [InlineData("https://raw.githubusercontent.com/a/b", true)]
    [InlineData("https://a.b.githubusercontent.com/x", true)]
    [InlineData("raw.githubusercontent.com:443", true)]
    [InlineData("https://RAW.githubusercontent.com./x", true)]
    [InlineData("https://githubusercontent.com/x", false)]
    [InlineData("https://evilgithubusercontent.com/x", false)]
    [InlineData("https://raw.githubusercontent.com.attacker.net/x", false)]
    [InlineData("http://raw.githubusercontent.com/x", false)]
    [InlineData("raw.githubusercontent.com:22", false)]
    public void Matches_WildcardDomain_OnDotBoundaryOnly(string target, bool expected)
    {
        Assert.Equal(expected, Parse("*.githubusercontent.com:443").Matches(Target(target)));
    }

    [Theory]
    [InlineData("https://huggingface.co/api", true)]
    [InlineData("https://huggingface.co/api/", true)]
    [InlineData("https://huggingface.co/api/models?search=bert", true)]
    [InlineData("https://huggingface.co/api/../api/models", true)]
    [InlineData("https://huggingface.co/apix", false)]
    [InlineData("https://huggingface.co/models", false)]
    [InlineData("https://huggingface.co/api/../models", false)]
    [InlineData("https://huggingface.co/api%2f..%2fmodels", false)]
    [InlineData("https://huggingface.co/API/models", false)]
    [InlineData("huggingface.co:443", false)]
    [InlineData("http://huggingface.co:443/api/x", false)]
    public void Matches_PathPrefix_ComparesNormalisedPath(string target, bool expected)
    {
        Assert.Equal(expected, Parse("https://huggingface.co:443/api/").Matches(Target(target)));
    }

    [Theory]
    [InlineData("registry.npmjs.org:443", true)]
    [InlineData("registry.npmjs.org:22", false)]
    [InlineData("https://registry.npmjs.org/anything", true)]
    [InlineData("https://registry.npmjs.org:8443/", false)]
    [InlineData("http://registry.npmjs.org/", false)]
    [InlineData("http://registry.npmjs.org:443/", false)]
    public void Matches_UrlWithoutPathPrefix_AlsoMatchesConnectToSameHostAndPort(string target, bool expected)
    {
        Assert.Equal(expected, Parse("https://registry.npmjs.org").Matches(Target(target)));
    }

    [Theory]
    [InlineData("example.com:8443", true)]
    [InlineData("https://example.com:8443/x", true)]
    [InlineData("http://example.com:8443/x", true)]
    [InlineData("https://example.com/x", false)]
    public void Matches_HostPort_AnySchemeOnThatPort(string target, bool expected)
    {
        Assert.Equal(expected, Parse("example.com:8443").Matches(Target(target)));
    }

    [Theory]
    [InlineData("*", "https://example.com/x", true)]
    [InlineData("*", "example.com:22", true)]
    [InlineData("*:443", "https://example.com/x", true)]
    [InlineData("*:443", "http://example.com/x", false)]
    [InlineData("https://*.example.com", "https://a.example.com/", true)]
    [InlineData("https://*.example.com", "a.example.com:443", true)]
    [InlineData("https://*.example.com", "http://a.example.com:443/", false)]
    public void Matches_AnyHostOrSchemedWildcard_ChecksSchemeAndPort(string pattern, string target, bool expected)
    {
        Assert.Equal(expected, Parse(pattern).Matches(Target(target)));
    }

    [Fact]
    public void Matches_WildcardDomain_NeverMatchesAnAddress()
    {
        Assert.False(Parse("*.githubusercontent.com").Matches(Target("http://[::1]/")));
    }

    private static NetworkPattern Parse(string text)
    {
        Assert.True(NetworkPattern.TryParse(text, out var pattern, out var error), error);
        return pattern;
    }

    private static NetworkTarget Target(string text)
    {
        Assert.True(NetworkTarget.TryParse(text, out var target, out var error), error);
        return target;
    }
}
