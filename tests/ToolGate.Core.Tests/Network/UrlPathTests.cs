using ToolGate.Core.Network;

namespace ToolGate.Core.Tests.Network;

public class UrlPathTests
{
    [Theory]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("/a/b", "/a/b")]
    [InlineData("//a///b/", "/a/b")]
    [InlineData("/a/./b/../c", "/a/c")]
    [InlineData("/../../x", "/x")]
    [InlineData("/api/%2e%2e/models", "/models")]
    [InlineData("/api/%2E./models", "/models")]
    [InlineData("/api/..;jsessionid=1/models", "/models")]
    [InlineData("/api/.;x/models", "/api/models")]
    [InlineData("/api/%2e%2e;x/models", "/models")]
    [InlineData("/%61pi/%7Euser", "/api/~user")]
    [InlineData("/a/caf%c3%a9", "/a/caf%C3%A9")]
    [InlineData("/api%2f..%2fmodels", "/api%2F..%2Fmodels")]
    [InlineData("/a/%zz/%4/%", "/a/%25zz/%254/%25")]
    [InlineData("/mod%%365ls", "/mod%2565ls")]
    [InlineData("/a/%252e%252e/b", "/a/%252e%252e/b")]
    [InlineData("/a/b..c/.d/..e", "/a/b..c/.d/..e")]
    public void Normalize_Path_IsWhatAServerResolves(string path, string expected)
    {
        Assert.Equal(expected, UrlPath.Normalize(path));
    }

    [Fact]
    public void Normalize_LongPath_UsesTheHeapBufferCorrectly()
    {
        var path = string.Concat(Enumerable.Repeat("/seg%2e", 200)) + "/..";

        Assert.Equal(string.Concat(Enumerable.Repeat("/seg.", 199)), UrlPath.Normalize(path));
    }

    [Theory]
    [InlineData("/api", "/api", true)]
    [InlineData("/api/models", "/api", true)]
    [InlineData("/api/caf%C3%A9", "/api", true)]
    [InlineData("/apix", "/api", false)]
    [InlineData("/ap", "/api", false)]
    [InlineData("/api/a%2Fb", "/api", false)]
    [InlineData("/api/a%5Cb", "/api", false)]
    [InlineData("/api/a%3Bb", "/api", false)]
    [InlineData("/api/%252F..%252Fx", "/api", false)]
    [InlineData("/api/%2e", "/api", false)]
    [InlineData("/api/%zz", "/api", false)]
    [InlineData("/api/x%", "/api", false)]
    [InlineData("/api/x%4", "/api", false)]
    [InlineData("/api/..%00/x", "/api", false)]
    [InlineData("/api/..%0A/x", "/api", false)]
    [InlineData("/api/..%1F/x", "/api", false)]
    [InlineData("/api/..%7F/x", "/api", false)]
    [InlineData("/api/%C0%AE%C0%AE/x", "/api", false)]
    [InlineData("/api/..%C0%AF/x", "/api", false)]
    [InlineData("/api/%E0%80%AE/x", "/api", false)]
    [InlineData("/api/%C3/x", "/api", false)]
    [InlineData("/api/%A9/x", "/api", false)]
    [InlineData("/api/%ED%A0%80/x", "/api", false)]
    [InlineData("/api/\uFF0E\uFF0E/x", "/api", false)]
    [InlineData("/api/%EF%BC%8E%EF%BC%8E/x", "/api", false)]
    [InlineData("/api/\u2025/x", "/api", false)]
    [InlineData("/api/..\uFF0Fx", "/api", false)]
    [InlineData("/api/..\uFF3Cx", "/api", false)]
    [InlineData("/api/\uFF052e\uFF052e/x", "/api", false)]
    [InlineData("/api/b\u00FCcher/%E3%83%A2%E3%83%87%E3%83%AB", "/api", true)]
    [InlineData("/api/\uFF41/x", "/api", true)]
    [InlineData("/api/%20x%3F%23", "/api", true)]
    public void IsUnder_NormalisedPath_MatchesOnlyUnambiguousPathsBelowThePrefix(string path, string prefix, bool expected)
    {
        Assert.Equal(expected, UrlPath.IsUnder(path, prefix));
    }

    [Fact]
    public void IsUnder_LoneSurrogate_IsNotUnderAnyPrefix()
    {
        Assert.False(UrlPath.IsUnder("/api/\uD800x", "/api"));
    }
}
