using System.Collections.Frozen;
using System.Collections.Immutable;
using ToolGate.Core.Shell.Destinations;

namespace ToolGate.Core.Shell;

/// <summary>
/// Everything <see cref="ShellKnowledge"/> says about one program name, gathered once when the knowledge is built, so
/// judging a command looks its program up once instead of in every table. <see cref="GuardrailClass"/> is matched
/// ignoring case, like <see cref="ShellKnowledge.GuardrailPrograms"/>; the rest only for the exact name, like the
/// tables it comes from.
/// </summary>
internal sealed class ProgramFacts
{
    /// <summary>For a program no table names: nothing known.</summary>
    public static readonly ProgramFacts None = new(null, string.Empty);

    private ProgramFacts(string? guardrailClass, string name)
    {
        GuardrailClass = guardrailClass;
        Name = name;
    }

    /// <summary>The exact name the ordinal facts below are about.</summary>
    public string Name { get; }

    public string? GuardrailClass { get; }

    public ImmutableArray<ShellKnowledge.ProgramArgumentRule> ArgumentRules { get; private init; } = [];

    public ImmutableArray<ShellKnowledge.ProgramOptionRule> OptionRules { get; private init; } = [];

    public ImmutableArray<ArgumentPatternRule> PatternRules { get; private init; } = [];

    /// <summary>It writes the files its arguments name (<see cref="ShellKnowledge.Writers"/>).</summary>
    public bool IsWriter { get; private init; }

    public bool IsBuiltin { get; private init; }

    public bool IsShell { get; private init; }

    /// <summary>Its script is read by <see cref="SedScript"/>.</summary>
    public bool IsSed { get; private init; }

    public ShellKnowledge.InterpreterRule? Interpreter { get; private init; }

    public ShellKnowledge.WrapperRule? Wrapper { get; private init; }

    public ShellKnowledge.DangerousOptionSet? DangerousOptions { get; private init; }

    public DangerousOptionMatcher? DangerousOptionMatcher { get; private init; }

    /// <summary>Which of its arguments name where the program connects; null when it connects nowhere we know of.</summary>
    public DestinationRule? Destinations { get; private init; }

    /// <summary>
    /// Every name any table holds → its facts: one entry per name ignoring case, with the facts of each exact spelling
    /// (usually one) beside it.
    /// </summary>
    public static FrozenDictionary<string, ImmutableArray<ProgramFacts>> Index(ShellKnowledge knowledge)
    {
        var names = knowledge.GuardrailPrograms.Keys
            .Concat(knowledge.ProgramArguments.SelectMany(r => r.Programs))
            .Concat(knowledge.OptionGuardrails.SelectMany(r => r.Programs))
            .Concat(knowledge.ArgumentPatterns.SelectMany(r => r.Programs))
            .Concat(knowledge.Writers)
            .Concat(knowledge.Builtins)
            .Concat(knowledge.Shells)
            .Concat(knowledge.SedPrograms)
            .Concat(knowledge.Interpreters.Keys)
            .Concat(knowledge.Wrappers.Keys)
            .Concat(knowledge.DangerousOptions.Keys)
            .Concat(knowledge.Destinations.SelectMany(r => r.Programs))
            .Distinct(StringComparer.Ordinal);
        return names
            .Select(name => For(knowledge, name))
            .GroupBy(facts => facts.Name, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The facts of <paramref name="program"/> from its spellings in <paramref name="index"/>.</summary>
    public static ProgramFacts Find(FrozenDictionary<string, ImmutableArray<ProgramFacts>> index, string program)
    {
        if (!index.TryGetValue(program, out var spellings))
        {
            // python3.12, pip3.11, node18, nc6: a versioned name is the program it is a version of.
            return Unversioned(program) is { } name && index.ContainsKey(name) ? Find(index, name) : None;
        }

        foreach (var facts in spellings)
        {
            if (string.Equals(facts.Name, program, StringComparison.Ordinal))
            {
                return facts;
            }
        }

        // Another spelling of a known name: only the case-insensitive guardrail class applies.
        return spellings[0].GuardrailClass is { } guardrailClass ? new ProgramFacts(guardrailClass, program) : None;
    }

    /// <summary>The name without a trailing version (digits, dots, a '-' or '_' before them), or null when it has none.</summary>
    private static string? Unversioned(string program)
    {
        var end = program.Length;
        while (end > 0 && (char.IsAsciiDigit(program[end - 1]) || program[end - 1] == '.'))
        {
            end--;
        }

        if (end == program.Length)
        {
            return null;
        }

        while (end > 0 && program[end - 1] is '-' or '_')
        {
            end--;
        }

        return end > 0 ? program[..end] : null;
    }

    private static ProgramFacts For(ShellKnowledge knowledge, string name) =>
        new(knowledge.GuardrailPrograms.GetValueOrDefault(name), name)
        {
            ArgumentRules = [.. knowledge.ProgramArguments.Where(r => r.Programs.Contains(name))],
            OptionRules = [.. knowledge.OptionGuardrails.Where(r => r.Programs.Contains(name))],
            PatternRules = [.. knowledge.ArgumentPatterns.Where(r => r.Programs.Contains(name))],
            IsWriter = knowledge.Writers.Contains(name),
            IsBuiltin = knowledge.Builtins.Contains(name),
            IsShell = knowledge.Shells.Contains(name),
            IsSed = knowledge.SedPrograms.Contains(name),
            Interpreter = knowledge.Interpreters.GetValueOrDefault(name),
            Wrapper = knowledge.Wrappers.GetValueOrDefault(name),
            DangerousOptions = knowledge.DangerousOptions.GetValueOrDefault(name),
            DangerousOptionMatcher = knowledge.DangerousOptionMatchers.GetValueOrDefault(name),
            Destinations = knowledge.Destinations.FirstOrDefault(r => r.Programs.Contains(name)),
        };
}
