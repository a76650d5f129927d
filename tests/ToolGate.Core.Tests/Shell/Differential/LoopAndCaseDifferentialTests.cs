using System.Collections.Immutable;
using System.Text;
using ToolGate.Core.Shell;
using Xunit.Abstractions;

namespace ToolGate.Core.Tests.Shell.Differential;

/// <summary>
/// Unrolled <c>for</c> loops and resolved <c>case</c> statements against bash running the same line: the argv of every
/// command in the plan (blocks flattened, in order) must be what bash hands its programs, one after another. Lines are
/// built from random loop words (quoted, with blanks, braces, ANSI-C escapes, pattern characters, empty), uses of the
/// variable (quoted, unquoted, braced, joined), nesting and case arms; lines ToolGate refuses to plan are counted as
/// skipped, and both outcomes must occur. Bash runs nothing: every program is "not found" (<see cref="BashArgv.WholeLineScript"/>).
/// </summary>
public class LoopAndCaseDifferentialTests(ITestOutputHelper output)
{
    private const int Lines = 400;
    private const int BatchSize = 50;

    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("TOOLGATE_DIFFERENTIAL_SEED"), out var seed) ? seed : 7_919;

    private static readonly string[] Words =
    [
        "a", "b2", "'c d'", "\"e  f\"", "{1..3}", "{p,q}", "''", "$'t\\tu'", "'g*'", "'h?'", "\\[i]", "j.txt", "'k\\l'", "-n", "'~m'", "n=1", "é",
    ];

    private static readonly string[] Uses = ["\"$V\"", "$V", "${V}", "\"${V}\"", "\"[$V]\"", "x$V", "\"$V\"-y", "'$V'", "\"pre $V post\""];

    private static readonly string[] Patterns = ["a", "b*", "'c d'", "[ab]*", "?", "*", "[!a]", "e*|g*", "'g*'", "*.txt", "-*", "[[:digit:]]*"];

    [Fact]
    public void Plan_LoopsAndCases_MatchBashRunningTheWholeLine()
    {
        var bash = BashOracle.Locate();
        var random = new Random(Seed);
        var lines = Enumerable.Range(0, Lines).Select(_ => Line(random)).ToList();
        var plans = lines.Select(l => ShellPlan.Build(l) is { } plan ? Flatten(plan) : null).ToList();
        var planned = Enumerable.Range(0, Lines).Where(i => plans[i] is not null).ToList();

        var mismatches = new List<string>();
        foreach (var batch in planned.Chunk(BatchSize))
        {
            var results = bash.Run(BashArgv.WholeLineScript(batch.Select(i => lines[i]), status: 0));
            Assert.Equal(batch.Length, results.Count);
            for (var i = 0; i < batch.Length; i++)
            {
                var toolGate = plans[batch[i]]!;
                var real = results[i];
                var same = toolGate.Count == real.Count && toolGate.Zip(real).All(pair =>
                    pair.First.Length == pair.Second.Length && pair.First.Zip(pair.Second).All(a => Encoding.UTF8.GetBytes(a.First).AsSpan().SequenceEqual(a.Second)));
                if (!same)
                {
                    mismatches.Add($"line {BashArgv.Escape(lines[batch[i]])}\n  ToolGate: {string.Join(" ; ", toolGate.Select(a => BashArgv.Show(a)))}\n  bash:     {string.Join(" ; ", real.Select(a => BashArgv.Show(a)))}");
                }
            }
        }

        output.WriteLine($"{planned.Count} lines compared, {Lines - planned.Count} not planned, {bash.Invocations} bash runs");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {planned.Count} lines differ from bash:\n{string.Join("\n", mismatches.Take(15))}");
        Assert.InRange(planned.Count, Lines / 4, Lines - (Lines / 10));
    }

    /// <summary>A loop (sometimes nested, sometimes with a case inside) or a case on a loop-free word.</summary>
    private static string Line(Random random)
    {
        if (random.Next(5) == 0)
        {
            return Case(random, Pick(random, Words), variable: null);
        }

        var outer = Loop(random, "x", body: random.Next(3) switch
        {
            0 => Loop(random, "y", body: Command(random, "y") + "; " + Command(random, "x")),
            1 => Case(random, "\"$x\"", "x"),
            _ => Command(random, "x"),
        });
        return random.Next(4) == 0 ? outer + " && tail-cmd" : outer;
    }

    private static string Loop(Random random, string variable, string body)
    {
        var words = string.Join(' ', Enumerable.Range(0, random.Next(0, 4)).Select(_ => Pick(random, Words)));
        return $"for {variable} in {words}; do {body}; done";
    }

    private static string Command(Random random, string variable) =>
        (random.Next(3) == 0 ? Pick(random, Uses).Replace("V", variable, StringComparison.Ordinal) : "cmd-" + variable) + " " + Pick(random, Uses).Replace("V", variable, StringComparison.Ordinal);

    private static string Case(Random random, string subject, string? variable)
    {
        var arms = Enumerable.Range(0, random.Next(1, 4)).Select(i =>
            $"{Pick(random, Patterns)}) arm{i} {(variable is null ? "z" : "\"$" + variable + "\"")} {(random.Next(4) == 0 ? ";&" : ";;")}");
        return $"case {subject} in {string.Join(' ', arms)} esac";
    }

    private static string Pick(Random random, string[] choices) => choices[random.Next(choices.Length)];

    /// <summary>Every command of the plan in the order it runs when each exits 0: blocks flattened, steps after '||' skipped.</summary>
    private static List<ImmutableArray<string>>? Flatten(ShellPlan plan)
    {
        var commands = new List<ImmutableArray<string>>();
        foreach (var step in plan.Steps.Where(s => s.Operator != "||"))
        {
            foreach (var command in step.Commands)
            {
                switch (command)
                {
                    case { Node: ShellPlanBlock block } when Flatten(block.Body) is { } inner:
                        commands.AddRange(inner);
                        break;
                    case { Node: null, Globs.IsEmpty: true }:
                        commands.Add(command.Argv);
                        break;
                    default:
                        return null;
                }
            }
        }

        return commands;
    }
}
