using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Shell;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Shell.Destinations;

/// <summary>Reading destinations never throws, whatever a word holds: brackets, '@', '%', ':', '\', '/' in any order.</summary>
public class DestinationFuzzTests
{
    private const string Alphabet = "[]@:%/\\.?#-_aZ09f5Bx:/[]@";

    private static readonly ShellPolicy Policy = ShellPolicy.Compile([TestGrants.Shell("net", ["curl *", "ssh *", "scp *", "git *", "pip *", "http *"])]);

    private static readonly string[] Programs = ["curl", "ssh", "scp", "git clone", "pip install -i", "http", "curl -x", "ssh -o HostName="];

    [Fact]
    public void Decide_AnyDestinationWord_NeverFailsToDecide()
    {
        var random = new Random(20261128);
        for (var i = 0L; i < FuzzBudget.Network.Share(100); i++)
        {
            var prefix = random.Next(4) switch { 0 => "http://", 1 => "ssh://u@", 2 => "u@", _ => string.Empty };
            var word = prefix + new string([.. Enumerable.Range(0, random.Next(1, 14)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
            var program = Programs[random.Next(Programs.Length)];
            var command = program.EndsWith('=') ? $"{program}'{word}' h" : $"{program} '{word}'";

            var verdict = ShellEvaluator.Decide(new ShellAction(command, "/srv"), Policy, TestKnowledge.Shell, TestGrants.Now, TestKnowledge.ShellNetwork);

            Assert.True(verdict.Rule != Rules.DecisionError, $"'{command}': {verdict.Reason}");
        }
    }
}
