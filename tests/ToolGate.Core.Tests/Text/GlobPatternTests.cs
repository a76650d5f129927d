using ToolGate.Core.Text;

namespace ToolGate.Core.Tests.Text;

public class GlobPatternTests
{
    [Theory]
    [InlineData("/workspace", true)]
    [InlineData("/workspace/", true)]
    [InlineData("/workspace/a", true)]
    [InlineData("/workspace/a/b", true)]
    [InlineData("/workspace2", false)]
    [InlineData("/workspace2/a", false)]
    [InlineData("/work", false)]
    [InlineData("/", false)]
    [InlineData("/other/workspace/a", false)]
    public void IsMatch_TrailingDoubleStar_MatchesDirectoryAndEverythingBelow(string path, bool expected)
    {
        Assert.Equal(expected, GlobPattern.Create("/workspace/**").IsMatch(path));
    }

    [Theory]
    [InlineData("/src/a.ts", true)]
    [InlineData("/src/.ts", true)]
    [InlineData("/src/a/b.ts", false)]
    [InlineData("/src/a.tsx", false)]
    public void IsMatch_SingleStar_StopsAtSlash(string path, bool expected)
    {
        Assert.Equal(expected, GlobPattern.Create("/src/*.ts").IsMatch(path));
    }

    [Theory]
    [InlineData("/src/a/b.ts", true)]
    [InlineData("/src/a/b/c.ts", true)]
    [InlineData("/src/b.ts", false)]
    public void IsMatch_InnerDoubleStar_CrossesSlashes(string path, bool expected)
    {
        Assert.Equal(expected, GlobPattern.Create("/src/**/*.ts").IsMatch(path));
    }

    [Theory]
    [InlineData("/abc", true)]
    [InlineData("/a/c", false)]
    [InlineData("/ac", false)]
    [InlineData("/abbc", false)]
    public void IsMatch_QuestionMark_IsOneCharacterButSlash(string path, bool expected)
    {
        Assert.Equal(expected, GlobPattern.Create("/a?c").IsMatch(path));
    }

    [Theory]
    [InlineData("/a.b", "/a.b", true)]
    [InlineData("/a.b", "/axb", false)]
    [InlineData("/a+b", "/a+b", true)]
    [InlineData("/a+b", "/aab", false)]
    [InlineData("/(x)|y", "/(x)|y", true)]
    [InlineData("/(x)|y", "y", false)]
    [InlineData("/[abc]", "/[abc]", true)]
    [InlineData("/[abc]", "/a", false)]
    [InlineData("/a{2}", "/a{2}", true)]
    [InlineData("/a{2}", "/aa", false)]
    [InlineData("^/a$", "^/a$", true)]
    [InlineData("^/a$", "/a", false)]
    [InlineData("/\\d", "/\\d", true)]
    [InlineData("/\\d", "/1", false)]
    [InlineData("registry.local/train:*", "registry.local/train:v1", true)]
    [InlineData("registry.local/train:*", "registryXlocal/train:v1", false)]
    public void IsMatch_RegexMetacharacters_AreLiteral(string pattern, string value, bool expected)
    {
        Assert.Equal(expected, GlobPattern.Create(pattern).IsMatch(value));
    }

    [Theory]
    [InlineData("/srv/a.txt", "/srv/a.txt", true)]
    [InlineData("/srv/a.txt", "/srv/a.txt/b", false)]
    [InlineData("/srv/a.txt", "/srv/a.tx", false)]
    [InlineData("/**", "/", true)]
    [InlineData("/**", "/etc/passwd", true)]
    [InlineData("/**", "", true)]
    [InlineData("/**", "etc", false)]
    [InlineData("/srv/project/**", "/srv/project/a\nb", true)]
    [InlineData("/srv/project/**", "/srv/project\n/a", false)]
    public void IsMatch_PatternWithoutWildcards_IsTheTextOrBelowIt(string pattern, string value, bool expected)
    {
        Assert.Equal(expected, GlobPattern.Create(pattern).IsMatch(value.Replace("\\n", "\n", StringComparison.Ordinal)));
    }

    [Fact]
    public void IsMatch_IsCaseSensitive()
    {
        Assert.False(GlobPattern.Create("/Workspace/**").IsMatch("/workspace/a"));
    }

    [Theory]
    [InlineData("registry.local/train:v1", "registry.local/train:v1\n")]
    [InlineData("/srv/project/**", "/srv/project\n")]
    public void IsMatch_TrailingNewline_IsNotIgnored(string pattern, string value)
    {
        Assert.False(GlobPattern.Create(pattern).IsMatch(value));
    }

    [Fact]
    public void Create_KeepsPatternText()
    {
        var glob = GlobPattern.Create("/srv/project/**");

        Assert.Equal("/srv/project/**", glob.Pattern);
        Assert.Equal("/srv/project/**", glob.ToString());
    }

    [Fact]
    public void Create_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => GlobPattern.Create(null!));
    }
}
