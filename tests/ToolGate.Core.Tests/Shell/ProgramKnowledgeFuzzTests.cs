using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Shell;
using ToolGate.Core.Tests.Shell.Properties;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Shell;

/// <summary>
/// Program knowledge (wrappers, interpreters, sed scripts, subcommands, argument patterns, protected writes, destinations)
/// reads any argv without failing to decide: every program the wide grant names, with words built from option and path
/// characters in any order.
/// </summary>
public class ProgramKnowledgeFuzzTests
{
    private static readonly string[] Pieces =
    [
        "-", "--", "-c", "-e", "-m", "-o", "-x", "-I", "-u", "-S", "=", "@", "<", ":", "::", "/", "..", ".", "[", "]", "{", "}", "s", "e",
        "w", "r", "p", ";", "\\", "x", "0", "4755", "root", "host", "exec", "dlx", "run", "config", "alias.", "core.pager", "http://",
        "10.0.0.1", "/etc/cron.d", ".bashrc", "|", "!", "+", "y", "file://", "HEAD:", "ext::", " ", "%", "#",
    ];

    [Fact]
    public void Decide_AnyArgumentsForAnyKnownProgram_NeverFailsToDecide()
    {
        var random = new Random(1128);
        var programs = WideShellGrant.Programs;
        for (var i = 0L; i < FuzzBudget.Shell.Share(25); i++)
        {
            var argv = new List<string> { programs[random.Next(programs.Count)] };
            for (var w = random.Next(0, 6); w > 0; w--)
            {
                argv.Add(string.Concat(Enumerable.Range(0, random.Next(1, 5)).Select(_ => Pieces[random.Next(Pieces.Length)])));
            }

            var command = string.Join(' ', argv.Select(Quote));
            var verdict = ShellEvaluator.Decide(new ShellAction(command, "/srv/project"), WideShellGrant.Policy, TestKnowledge.Shell, TestGrants.Now,
                TestKnowledge.ShellNetwork);

            Assert.True(verdict.Rule != Rules.DecisionError, $"'{command}': {verdict.Reason}");
        }
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
