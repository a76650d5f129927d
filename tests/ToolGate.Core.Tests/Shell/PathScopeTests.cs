using System.Collections.Immutable;
using ToolGate.Core.Shell;

namespace ToolGate.Core.Tests.Shell;

public class PathScopeTests
{
    private const string Project = "/srv/project";

    private static readonly PathScope Scope = new(["/srv/project/**"]);

    [Fact]
    public void Check_NoGlobs_IsUnrestricted()
    {
        var scope = new PathScope([]);

        Assert.True(scope.IsUnrestricted);
        Assert.Null(scope.Check(["head", "/etc/passwd"], cwd: null));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("srv/project")]
    [InlineData("")]
    public void Check_MissingOrRelativeCwd_IsRequired(string? cwd)
    {
        Assert.False(Scope.IsUnrestricted);
        Assert.Equal(
            "the grant limits paths, so an absolute working directory (cwd) is required",
            Scope.Check(["head", "README.md"], cwd));
    }

    [Theory]
    [InlineData("/tmp")]
    [InlineData("/srv")]
    [InlineData("/srv/project2")]
    [InlineData("/srv/project/../../etc")]
    public void Check_CwdOutsideScope_IsNamed(string cwd)
    {
        Assert.Equal($"working directory '{cwd}' is outside the granted paths", Scope.Check(["head", "README.md"], cwd));
    }

    [Theory]
    [InlineData("/srv/project")]
    [InlineData("/srv/project/")]
    [InlineData("/srv/project/src")]
    [InlineData("/srv/project/src/../docs")]
    public void Check_CwdInsideScope_IsAccepted(string cwd)
    {
        Assert.Null(Scope.Check(["head", "README.md"], cwd));
    }

    [Theory]
    [InlineData("/srv/project/src/a.ts")]
    [InlineData("src/a.ts")]
    [InlineData("./src/a.ts")]
    [InlineData("notes/read me.txt")]
    [InlineData("src/*.ts")]
    [InlineData(".")]
    [InlineData("src/..")]
    [InlineData("--output=src/out.txt")]
    [InlineData("-o./src/out.txt")]
    [InlineData("README.md")]
    [InlineData("-n5")]
    [InlineData("--format=%H")]
    [InlineData("--")]
    [InlineData("-")]
    public void Check_ArgumentInsideScope_IsAccepted(string argument)
    {
        Assert.Null(Scope.Check(["head", argument], Project));
    }

    [Theory]
    [InlineData("/etc/passwd", "/etc/passwd")]
    [InlineData("/", "/")]
    [InlineData("../../../etc/hosts", "/etc/hosts")]
    [InlineData("/srv/project/../../etc/hosts", "/etc/hosts")]
    [InlineData("src/../../project2/x", "/srv/project2/x")]
    [InlineData("..", "/srv")]
    [InlineData("--output=/tmp/leak", "/tmp/leak")]
    [InlineData("--git-dir=../x", "/srv/x")]
    public void Check_ArgumentOutsideScope_NamesArgumentAndResolvedPath(string argument, string resolved)
    {
        Assert.Equal(
            $"argument '{argument}' resolves to '{resolved}', outside the granted paths",
            Scope.Check(["head", "-n", "5", argument], Project));
    }

    [Theory]
    [InlineData("-o/tmp/x", "/tmp/x")]
    [InlineData("-C..", "/srv")]
    [InlineData("-uo/etc/x", "/etc/x")]                 // sort -u -o/etc/x: the value after a bundled flag
    [InlineData("-rf/etc/shadow", "/etc/shadow")]       // grep -r -f/etc/shadow
    [InlineData("-xvzf../../etc/x.tgz", "/etc/x.tgz")]  // tar -x -v -z -f../../etc/x.tgz
    [InlineData("-o=/etc/x", "/etc/x")]
    [InlineData("-osrc/x", "/x")]                       // ambiguous: -o src/x, or flags o,s,r and -c /x
    public void Check_ShortOptionClusterOutsideScope_NamesTheReading(string argument, string resolved)
    {
        Assert.Equal(
            $"argument '{argument}' resolves to '{resolved}', outside the granted paths "
            + "(read as option letters followed by a value; pass the option and its value as separate words)",
            Scope.Check(["sort", argument, "a.txt"], Project));
    }

    [Theory]
    [InlineData("-uo/srv/project/sorted.txt")]
    [InlineData("-rf./patterns/list.txt")]
    [InlineData("-n5")]
    public void Check_ShortOptionClusterInsideScope_IsAccepted(string argument)
    {
        Assert.Null(Scope.Check(["sort", argument, "a.txt"], Project));
    }

    [Fact]
    public void Check_DotDotFromSubdirectory_ResolvesAgainstCwd()
    {
        Assert.Null(Scope.Check(["wc", "-l", ".."], "/srv/project/src"));
        Assert.Equal(
            "argument '../..' resolves to '/srv', outside the granted paths",
            Scope.Check(["wc", "-l", "../.."], "/srv/project/src"));
    }

    [Fact]
    public void Check_ProgramWord_IsNotAFileArgument()
    {
        Assert.Null(Scope.Check(["/bin/grep", "-r", "x", "."], Project));
    }

    [Fact]
    public void Check_SeveralArguments_ReportsTheFirstOutside()
    {
        var argv = ImmutableArray.Create("head", "src/a.ts", "/etc/hosts", "/etc/passwd");

        Assert.Equal("argument '/etc/hosts' resolves to '/etc/hosts', outside the granted paths", Scope.Check(argv, Project));
    }

    [Fact]
    public void Check_SeveralGlobs_AnyOfThemContains()
    {
        var scope = new PathScope(["/srv/project/**", "/data/shared/**"]);

        Assert.Null(scope.Check(["head", "/data/shared/a.csv"], Project));
        Assert.NotNull(scope.Check(["head", "/data/private/a.csv"], Project));
    }

    [Theory]
    [InlineData("/srv/project\n")]
    public void Check_CwdWithTrailingNewline_IsOutside(string cwd)
    {
        Assert.Equal($"working directory '{cwd}' is outside the granted paths", Scope.Check(["head", "secret.txt"], cwd));
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/a/b/../c", "/a/c")]
    [InlineData("//a//b/", "/a/b")]
    [InlineData("/a/./b/.", "/a/b")]
    [InlineData("/..", "/")]
    [InlineData("/../../etc/hosts", "/etc/hosts")]
    [InlineData("/srv/project/../../etc/hosts", "/etc/hosts")]
    [InlineData("/a/.../b", "/a/.../b")]
    [InlineData("/a/b", "/a/b")]
    [InlineData("/a/b/..", "/a")]
    [InlineData("/a/..b/c.", "/a/..b/c.")]
    [InlineData("/a/b\n/..", "/a")]
    public void Normalize_Path_CollapsesDotSegmentsNeverAboveRoot(string path, string expected)
    {
        Assert.Equal(expected, PathScope.Normalize(path));
    }
}
