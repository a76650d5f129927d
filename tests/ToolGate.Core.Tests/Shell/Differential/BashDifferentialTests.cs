using System.Collections.Immutable;
using System.Text;
using ToolGate.Core.Shell;
using ToolGate.Core.Tests.Corpus;
using Xunit.Abstractions;

namespace ToolGate.Core.Tests.Shell.Differential;

/// <summary>
/// What ToolGate hands the tool (<see cref="ShellPlan.Build"/>: each command's argv, in order) against what
/// real bash would give the same programs. Generated command lines (<see cref="CommandLineGenerator"/>) and
/// every <c>allow</c> row of the public corpus; lines ToolGate refuses to plan, or with globs, are skipped
/// (and counted, so the test cannot silently compare nothing). Bash never runs a program here: see
/// <see cref="BashArgv"/>. About 20 bash processes per run, well under <see cref="BashOracle.MaxInvocations"/>.
/// </summary>
public class BashDifferentialTests(ITestOutputHelper output)
{
    /// <summary>The generator's seed: fixed in CI; <c>TOOLGATE_DIFFERENTIAL_SEED</c> picks other lines (e.g. nightly).</summary>
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("TOOLGATE_DIFFERENTIAL_SEED"), out var seed) ? seed : 20_251;
    private const int GeneratedLines = 320;
    private const int BatchSize = 40;

    [Fact]
    public void Plan_GeneratedCommands_MatchBashSetArguments()
    {
        var bash = BashOracle.Locate();
        var lines = Generate();
        var comparison = new Comparison();
        foreach (var batch in lines.Chunk(BatchSize))
        {
            var results = bash.Run(BashArgv.SetArgumentsScript(batch));
            Assert.Equal(batch.Length, results.Count);
            for (var i = 0; i < batch.Length; i++)
            {
                comparison.Compare(batch[i].Text, Plan(batch[i].Text), results[i]);
            }
        }

        output.WriteLine($"{comparison.Compared} lines compared, {comparison.Skipped} skipped, {bash.Invocations} bash runs");
        comparison.AssertAgreed(minimumCompared: GeneratedLines * 3 / 4);
    }

    [Fact]
    public void Plan_CorpusAllowRowsAndGeneratedLines_MatchBashRunningTheWholeLine()
    {
        var bash = BashOracle.Locate();
        var builtins = Builtins(bash);
        var corpus = CorpusFile.Read("shell.tsv", unescapeNewlines: true).Where(r => r.ExpectsAllow).Select(r => r.Input).ToList();
        Assert.NotEmpty(corpus);
        var lines = corpus.Concat(Generate().Select(l => l.Text)).ToList();

        // Only lines whose every program is neither a bash builtin nor a path: those bash would run itself.
        var plans = lines.Select(ShellPlan.Build).ToList();
        var runnable = lines.Select((line, i) => plans[i] is { } plan && Plan(line) is not null
            && !line.Contains("/dev/tcp", StringComparison.Ordinal) && !line.Contains("/dev/udp", StringComparison.Ordinal)
            && plan.Steps.SelectMany(s => s.Commands).All(c => !c.Argv[0].Contains('/', StringComparison.Ordinal) && !builtins.Contains(c.Argv[0])))
            .ToList();

        // Handler status 0 runs what follows '&&', status 1 what follows '||': between them every command runs once.
        var comparison = new Comparison();
        foreach (var status in new[] { 0, 1 })
        {
            var indexes = Enumerable.Range(0, lines.Count).Where(i => runnable[i]).ToList();
            foreach (var batch in indexes.Chunk(BatchSize))
            {
                var results = bash.Run(BashArgv.WholeLineScript(batch.Select(i => lines[i]), status));
                Assert.Equal(batch.Length, results.Count);
                for (var i = 0; i < batch.Length; i++)
                {
                    comparison.Compare(lines[batch[i]], Executed(plans[batch[i]]!, status), results[i]);
                }
            }

            comparison.Skipped += lines.Count - indexes.Count;
        }

        Assert.All(corpus.Where(c => !c.Contains('*', StringComparison.Ordinal)), c => Assert.True(runnable[lines.IndexOf(c)], $"corpus row not compared: {c}"));
        output.WriteLine($"{comparison.Compared} line runs compared, {comparison.Skipped} skipped, {bash.Invocations} bash runs");
        comparison.AssertAgreed(minimumCompared: 2 * (corpus.Count - 1 + (GeneratedLines / 2)));
    }

    private static List<GeneratedLine> Generate()
    {
        var generator = new CommandLineGenerator(Seed);
        return [.. Enumerable.Range(0, GeneratedLines).Select(_ => generator.Next())];
    }

    /// <summary>The argv of every command ToolGate would run, in order; null when it plans nothing or expands a glob.</summary>
    private static List<ImmutableArray<string>>? Plan(string line) =>
        ShellPlan.Build(line) is { } plan && plan.Steps.SelectMany(s => s.Commands).All(c => c.Globs.IsEmpty)
            ? [.. plan.Steps.SelectMany(s => s.Commands).Select(c => c.Argv)]
            : null;

    /// <summary>The commands bash runs when every command exits with <paramref name="status"/>: the plan's operators applied.</summary>
    private static List<ImmutableArray<string>> Executed(ShellPlan plan, int status)
    {
        var executed = new List<ImmutableArray<string>>();
        var last = 0;
        foreach (var step in plan.Steps)
        {
            if (step.Operator switch { "&&" => last != 0, "||" => last == 0, _ => false })
            {
                continue;
            }

            executed.AddRange(step.Commands.Select(c => c.Argv));
            last = step.Negated ? (status == 0 ? 1 : 0) : status;
        }

        return executed;
    }

    private static HashSet<string> Builtins(BashOracle bash)
    {
        var result = bash.Run("for w in $(compgen -b -k); do printf 'A%s\\0' \"$w\"; done; printf 'C\\0R\\0'");
        var names = result.Single().Single().Select(b => Encoding.UTF8.GetString(b)).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("printf", names);
        return names;
    }

    /// <summary>Counts and collects disagreements; reports the first few with both argv lists.</summary>
    private sealed class Comparison
    {
        private readonly List<string> _mismatches = [];

        public int Compared { get; private set; }

        public int Skipped { get; set; }

        public void Compare(string line, List<ImmutableArray<string>>? toolGate, List<byte[][]> bash)
        {
            if (toolGate is null)
            {
                Skipped++;
                return;
            }

            Compared++;
            var same = toolGate.Count == bash.Count && toolGate.Zip(bash).All(pair =>
                pair.First.Length == pair.Second.Length && pair.First.Zip(pair.Second).All(a => Encoding.UTF8.GetBytes(a.First).AsSpan().SequenceEqual(a.Second)));
            if (!same)
            {
                _mismatches.Add($"line {BashArgv.Escape(line)}\n  ToolGate: {string.Join(" ; ", toolGate.Select(a => BashArgv.Show(a)))}\n  bash:     {string.Join(" ; ", bash.Select(a => BashArgv.Show(a)))}");
            }
        }

        public void AssertAgreed(int minimumCompared)
        {
            Assert.True(_mismatches.Count == 0, $"{_mismatches.Count} of {Compared} lines differ from bash:\n{string.Join("\n", _mismatches.Take(15))}");
            Assert.True(Compared >= minimumCompared, $"only {Compared} lines compared ({Skipped} skipped); expected at least {minimumCompared}");
        }
    }
}
