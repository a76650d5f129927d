using CsCheck;
using ToolGate.Core.Shell;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Shell;

/// <summary>The compiled matcher answers as trying every option in turn, for the shipped options and odd ones.</summary>
public class DangerousOptionMatcherTests
{
    private static readonly string[] OddOptions = ["-x", "--", "--a=b", "ab", "-TT", "--output", "-exec", "---x"];

    [Fact]
    public void Matches_ShippedOptions_AgreesWithTheLoop()
    {
        foreach (var (program, options) in TestKnowledge.Shell.DangerousOptions)
        {
            var matcher = TestKnowledge.Shell.DangerousOptionMatchers[program];
            foreach (var argument in Arguments(options.Anywhere))
            {
                Assert.True(Loop(options.Anywhere, argument) == matcher.Matches(argument), $"{program} '{argument}'");
            }
        }
    }

    [Fact]
    public void Matches_RandomOptionsAndArguments_AgreesWithTheLoop()
    {
        var word = Gen.String[Gen.Char["-=abcTx"], 0, 6];
        Gen.Select(word.Where(o => o.Length > 0).Array[0, 5], word)
            .Where(t => t.Item1.All(o => o.Length >= 2) || t.Item2.Length < 2 || t.Item2[0] != '-' || t.Item2[1] == '-')
            .Sample(t => Assert.Equal(Loop([.. t.Item1], t.Item2), new DangerousOptionMatcher([.. t.Item1]).Matches(t.Item2)), iter: 20_000);
    }

    [Fact]
    public void Matches_OddOptions_AgreesWithTheLoop()
    {
        var matcher = new DangerousOptionMatcher([.. OddOptions]);
        foreach (var argument in Arguments([.. OddOptions]))
        {
            Assert.True(Loop([.. OddOptions], argument) == matcher.Matches(argument), argument);
        }
    }

    private static IEnumerable<string> Arguments(IEnumerable<string> options) =>
        options.SelectMany(o => new[] { o, o + "=x", o + "x", o + "-x", "-" + o, o.TrimStart('-'), "-a" + o.TrimStart('-'), o.ToUpperInvariant() })
            .Concat(["", "-", "--", "log", "-abc", "--x", "--=", "=", "-=x"]);

    private static bool Loop(IEnumerable<string> options, string argument) => options.Any(o => DangerousOptionMatcher.OptionMatches(argument, o));
}
