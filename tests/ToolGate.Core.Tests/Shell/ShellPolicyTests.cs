using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Shell;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Shell;

public class ShellPolicyTests
{
    [Fact]
    public void Compile_PatternsAreIndexedByProgram()
    {
        var policy = ShellPolicy.Compile([TestGrants.Shell("g", ["git log *", "git show *", "make test"], deny: ["git push *"])]);

        Assert.Equal(2, policy.AllowByProgram["git"].Length);
        Assert.Single(policy.AllowByProgram["make"]);
        Assert.Single(policy.DenyByProgram["git"]);
    }

    [Fact]
    public void Compile_GrantWithInvalidDenyPattern_IsIgnoredEntirely()
    {
        // A deny that cannot be compiled must not leave its grant allowing what it meant to deny.
        var policy = ShellPolicy.Compile([TestGrants.Shell("g", ["git *"], deny: ["git * --force"])]);

        var verdict = ShellEvaluator.Decide(new ShellAction("git push --force", "/srv"), policy, TestKnowledge.Shell, TestGrants.Now, TestKnowledge.ShellNetwork);

        Assert.Empty(policy.AllowByProgram);
        Assert.Equal(Rules.DefaultDeny, verdict.Rule);
    }

    [Fact]
    public void Compile_InvalidAllowPattern_IsSkippedButOthersApply()
    {
        var policy = ShellPolicy.Compile([TestGrants.Shell("g", ["git log; ssh *", "git status"])]);

        Assert.Single(policy.AllowByProgram["git"]);
        Assert.True(ShellEvaluator.Decide(new ShellAction("git status", "/srv"), policy, TestKnowledge.Shell, TestGrants.Now, TestKnowledge.ShellNetwork).IsAllowed);
    }

    [Fact]
    public void Compile_Constructs_AreIndexedByName_InGrantOrder_AndUnknownNamesPermitNothing()
    {
        var first = TestGrants.Shell("first", ["ls"], constructs: ["if", "for", "loop"], expiresAt: TestGrants.Now.AddHours(-1));
        var second = TestGrants.Shell("second", ["ls"], constructs: ["if", "if"]);

        var policy = ShellPolicy.Compile([first, second]);

        Assert.Equal(["first", "second"], policy.ConstructGrants["if"].Select(g => g.Grant.Id));
        Assert.Equal(["for", "if"], policy.ConstructGrants.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("second", policy.ConstructGrant("if", TestGrants.Now)!.Grant.Id);
        Assert.Null(policy.ConstructGrant("for", TestGrants.Now));
        Assert.Equal("first", policy.ConstructGrant("for", TestGrants.Now.AddHours(-2))!.Grant.Id);
    }
}
