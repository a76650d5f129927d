using ToolGate.Core.Shell;

namespace ToolGate.Core.Tests.Shell;

/// <summary>Files an argument names without being one (curl data files, file URLs, revision paths, file lists) stay in scope.</summary>
public class PathScopeReferenceTests
{
    private const string Project = "/srv/project";

    private static readonly PathScope Scope = new(["/srv/project/**"]);

    [Theory]
    [InlineData("@/etc/passwd", "/etc/passwd")]
    [InlineData("--data-binary=@/etc/passwd", "/etc/passwd")]
    [InlineData("f=@/etc/passwd", "/etc/passwd")]
    [InlineData("f=</etc/passwd", "/etc/passwd")]
    [InlineData("-d@/etc/passwd", "/etc/passwd")]
    [InlineData("-F<../secret", "/srv/secret")]
    [InlineData("file:///etc/passwd", "/etc/passwd")]
    [InlineData("FILE://localhost/etc/passwd", "/etc/passwd")]
    [InlineData("HEAD:../../etc/passwd", "/etc/passwd")]
    [InlineData("v1.0:src/../../x", "/srv/x")]
    public void Check_ReferenceOutsideScope_IsNamed(string argument, string resolved)
    {
        var problem = Scope.Check(["curl", argument], Project);

        Assert.NotNull(problem);
        Assert.Contains($"resolves to '{resolved}', outside the granted paths", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("@data.json")]
    [InlineData("@./data/body.json")]
    [InlineData("f=@src/a.ts")]
    [InlineData("file:///srv/project/a.txt")]
    [InlineData("HEAD:src/a.ts")]
    [InlineData("HEAD:./src/../README.md")]
    [InlineData(":/fix the build")]
    [InlineData("user@example.com")]
    [InlineData("https://example.com/a/b")]
    [InlineData("--format=%H:%s")]
    public void Check_ReferenceInsideScopeOrNone_IsAccepted(string argument)
    {
        Assert.Null(Scope.Check(["curl", argument], Project));
    }

    [Theory]
    [InlineData("--files0-from=list")]
    [InlineData("--files0-from=-")]
    [InlineData("--files0-from=/srv/project/list")]
    [InlineData("--files0-from")]
    public void Check_FileNamesReadFromElsewhere_AreDenied(string argument)
    {
        Assert.Equal(
            $"argument '{argument}' reads the names of the files to open from elsewhere, which cannot be checked against the granted paths",
            Scope.Check(["wc", argument, "list"], Project));
    }
}
