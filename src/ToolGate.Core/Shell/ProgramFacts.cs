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

    /// <summary>Any knowledge beyond the guardrail rules: builtin, shell, sed, interpreter, wrapper, destinations, dangerous options.</summary>
    public bool HasKnowledge { get; private init; }

    /// <summary>Any guardrail rule about its arguments: argument, option and pattern rules, or protected writes.</summary>
    public bool HasArgumentRules { get; private init; }

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
    /// Every subcommand after which a rule applies (<see cref="DestinationRule.Subcommands"/>, the dangerous subcommands
    /// and settings): a command whose subcommand is none of them is found with one look-up (<c>git log</c>). Null when no
    /// rule depends on a subcommand.
    /// </summary>
    public FrozenSet<string>? GatedSubcommands
    {
        get;
        private init
        {
            field = value;

            // Which lengths a gated subcommand has, by first character: most subcommands (log, show, diff) are ruled out
            // by two loads and a bit test, before any hashing (measured: the set look-up alone was 30 ns a command).
            _gateLengths = new ulong[128];
            foreach (var subcommand in value ?? [])
            {
                if (subcommand.Length > 0 && subcommand[0] < 128)
                {
                    _gateLengths[subcommand[0]] |= 1UL << Math.Min(subcommand.Length, 63);
                }
            }
        }
    }

    private ulong[] _gateLengths = [];

    /// <summary>Options before the subcommand that take a separate value, so the subcommand is found past them.</summary>
    public FrozenSet<string> OptionsBeforeSubcommand { get; private init; } = FrozenSet<string>.Empty;

    /// <summary>
    /// The index of <paramref name="argv"/>'s subcommand when it is one of <see cref="GatedSubcommands"/>, else -1: the first
    /// word that is neither an option nor the value of one.
    /// </summary>
    public int GatedSubcommand(ImmutableArray<string> argv)
    {
        if (GatedSubcommands is not { } gated)
        {
            return -1;
        }

        var i = 1;
        while (i < argv.Length && argv[i].Length > 1 && argv[i][0] == '-' && argv[i] != "--")
        {
            i += OptionsBeforeSubcommand.Contains(argv[i]) ? 2 : 1;
        }

        if (i >= argv.Length || argv[i] is not { Length: > 0 } word)
        {
            return -1;
        }

        var first = word[0];
        return first < 128 && (_gateLengths[first] & (1UL << Math.Min(word.Length, 63))) != 0 && gated.Contains(word) ? i : -1;
    }

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

    private static ProgramFacts For(ShellKnowledge knowledge, string name)
    {
        var destinations = knowledge.Destinations.FirstOrDefault(r => r.Programs.Contains(name));
        var dangerous = knowledge.DangerousOptions.GetValueOrDefault(name);
        var gated = (destinations?.Subcommands ?? [])
            .Concat(dangerous?.Subcommands.Keys ?? [])
            .Concat(dangerous?.Settings.Keys ?? [])
            .ToFrozenSet(StringComparer.Ordinal);
        ImmutableArray<ShellKnowledge.ProgramArgumentRule> argumentRules = [.. knowledge.ProgramArguments.Where(r => r.Programs.Contains(name))];
        ImmutableArray<ShellKnowledge.ProgramOptionRule> optionRules = [.. knowledge.OptionGuardrails.Where(r => r.Programs.Contains(name))];
        ImmutableArray<ArgumentPatternRule> patternRules = [.. knowledge.ArgumentPatterns.Where(r => r.Programs.Contains(name))];
        var isWriter = knowledge.Writers.Contains(name);
        var isBuiltin = knowledge.Builtins.Contains(name);
        var isShell = knowledge.Shells.Contains(name);
        var isSed = knowledge.SedPrograms.Contains(name);
        var interpreter = knowledge.Interpreters.GetValueOrDefault(name);
        var wrapper = knowledge.Wrappers.GetValueOrDefault(name);
        return new ProgramFacts(knowledge.GuardrailPrograms.GetValueOrDefault(name), name)
        {
            Destinations = destinations,
            GatedSubcommands = gated.Count == 0 ? null : gated,
            OptionsBeforeSubcommand = (destinations?.OptionsWithValue ?? []).Concat(dangerous?.OptionsWithValue ?? []).ToFrozenSet(StringComparer.Ordinal),
            ArgumentRules = argumentRules,
            OptionRules = optionRules,
            PatternRules = patternRules,
            IsWriter = isWriter,
            HasArgumentRules = !argumentRules.IsEmpty || !optionRules.IsEmpty || !patternRules.IsEmpty || isWriter,
            IsBuiltin = isBuiltin,
            IsShell = isShell,
            IsSed = isSed,
            Interpreter = interpreter,
            Wrapper = wrapper,
            DangerousOptions = dangerous,
            DangerousOptionMatcher = knowledge.DangerousOptionMatchers.GetValueOrDefault(name),
            HasKnowledge = isBuiltin || isShell || isSed || interpreter is not null || wrapper is not null || destinations is not null || dangerous is not null,
        };
    }
}
