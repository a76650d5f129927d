using System.Collections.Frozen;
using System.Collections.Immutable;
using ToolGate.Core.Shell.Destinations;
using ToolGate.Core.Text;

namespace ToolGate.Core.Shell;

/// <summary>
/// What ToolGate knows about programs, as data (<c>policies/guardrails/shell.yaml</c>): guardrail programs
/// and arguments, options that run code or write files, wrappers, shells and interpreters. Parsed from text
/// here; the gateway reads the file. Immutable once built.
/// </summary>
public sealed class ShellKnowledge
{
    private ShellKnowledge(ShellKnowledgeFile file)
    {
        var guardrails = file.Guardrails ?? new GuardrailsSection();
        GuardrailPrograms = (guardrails.Programs ?? [])
            .SelectMany(pair => pair.Value.Select(program => (program, pair.Key)))
            .ToFrozenDictionary(p => p.program, p => p.Key, StringComparer.OrdinalIgnoreCase);
        ProgramArguments = [.. (guardrails.ProgramArguments ?? []).Select(r => new ProgramArgumentRule(
            r.Programs.ToFrozenSet(StringComparer.Ordinal), r.Arguments.ToFrozenSet(StringComparer.Ordinal), r.Class))];
        OptionGuardrails = [.. (guardrails.ProgramOptions ?? []).Select(r => new ProgramOptionRule(
            r.Programs.ToFrozenSet(StringComparer.Ordinal), string.Concat(r.Flags), string.Concat(r.OptionsWithValue),
            (r.OptionValues ?? []).ToFrozenDictionary(p => p.Key[0], p => p.Value.ToImmutableArray()), r.Class))];
        ArgumentText = [.. (guardrails.ArgumentText ?? []).SelectMany(pair => pair.Value.Select(text => (text, pair.Key)))];
        _argumentTextFilter = ArgumentTextFilter.Create(ArgumentText.Select(t => t.Text));
        DangerousOptions = (file.Options ?? []).ToFrozenDictionary(
            p => p.Key,
            p => new DangerousOptionSet([.. p.Value.Anywhere ?? []], [.. p.Value.BeforeSubcommand ?? []]),
            StringComparer.Ordinal);
        DangerousOptionMatchers = DangerousOptions.ToFrozenDictionary(p => p.Key, p => new DangerousOptionMatcher(p.Value.Anywhere), StringComparer.Ordinal);
        Wrappers = (file.Wrappers ?? []).ToFrozenDictionary(
            p => p.Key,
            p => new WrapperRule([.. p.Value.OptionsWithValue ?? []], p.Value.LeadingOperands),
            StringComparer.Ordinal);
        Shells = (file.Shells ?? []).ToFrozenSet(StringComparer.Ordinal);
        Builtins = (file.Builtins ?? []).ToFrozenSet(StringComparer.Ordinal);
        Interpreters = (file.Interpreters ?? []).ToFrozenDictionary(p => p.Key, p => (p.Value ?? []).ToImmutableArray(), StringComparer.Ordinal);
        AwkForbidden = [.. file.AwkForbidden ?? []];
        Destinations = [.. (file.Destinations ?? []).Select(d => new DestinationRule(
            d.Programs.ToFrozenSet(StringComparer.Ordinal),
            (d.Subcommands ?? []).ToFrozenSet(StringComparer.Ordinal),
            d.Operands.Aggregate(DestinationForms.None, (forms, name) => forms | FormNamed(name)),
            d.FirstOperandOnly,
            (d.Options ?? []).ToFrozenSet(StringComparer.Ordinal),
            (d.OptionsWithValue ?? []).ToFrozenSet(StringComparer.Ordinal),
            (d.OptionKeys ?? []).ToFrozenDictionary(p => p.Key, p => p.Value.ToImmutableArray(), StringComparer.Ordinal)))];
        _programs = ProgramFacts.Index(this);
    }

    private readonly FrozenDictionary<string, ImmutableArray<ProgramFacts>> _programs;

    /// <summary>What every table says about <paramref name="program"/>, in one look-up.</summary>
    internal ProgramFacts FactsFor(string program) => ProgramFacts.Find(_programs, program);

    /// <summary>Program name (any case) → guardrail class.</summary>
    public FrozenDictionary<string, string> GuardrailPrograms { get; }

    public ImmutableArray<ProgramArgumentRule> ProgramArguments { get; }

    public ImmutableArray<ProgramOptionRule> OptionGuardrails { get; }

    /// <summary>Text that makes any argument a guardrail hit, with its class.</summary>
    public ImmutableArray<(string Text, string Class)> ArgumentText { get; }

    private readonly ArgumentTextFilter _argumentTextFilter;

    /// <summary>False only when <paramref name="text"/> contains none of <see cref="ArgumentText"/> (ignoring case).</summary>
    public bool MayContainArgumentText(string text) => _argumentTextFilter.MayMatch(text);

    /// <summary>Program → options that run code or write files.</summary>
    public FrozenDictionary<string, DangerousOptionSet> DangerousOptions { get; }

    /// <summary><see cref="DangerousOptionSet.Anywhere"/> of each program in <see cref="DangerousOptions"/>, compiled.</summary>
    internal FrozenDictionary<string, DangerousOptionMatcher> DangerousOptionMatchers { get; }

    public FrozenDictionary<string, WrapperRule> Wrappers { get; }

    public FrozenSet<string> Shells { get; }

    /// <summary>Shell builtins that run text as code or change later commands: meaningless without a shell, so denied.</summary>
    public FrozenSet<string> Builtins { get; }

    /// <summary>Interpreter → the options that take inline code.</summary>
    public FrozenDictionary<string, ImmutableArray<string>> Interpreters { get; }

    public ImmutableArray<string> AwkForbidden { get; }

    /// <summary>Programs that connect to hosts their arguments name, and which arguments those are.</summary>
    public ImmutableArray<DestinationRule> Destinations { get; }

    /// <summary>Parses the YAML text; null with an error (naming the line) when it is not valid.</summary>
    public static ShellKnowledge? Parse(string yaml, out string error)
    {
        if (!YamlText.TryDeserialize<ShellKnowledgeFile>(yaml, out var parsed, out error))
        {
            return null;
        }

        var file = parsed ?? new ShellKnowledgeFile();
        error = Validate(file);
        return error.Length == 0 ? new ShellKnowledge(file) : null;
    }

    private static string Validate(ShellKnowledgeFile file)
    {
        if (file.Guardrails?.Programs is not { Count: > 0 })
        {
            return "guardrails.programs must list at least one class of programs";
        }

        foreach (var rule in file.Guardrails.ProgramOptions ?? [])
        {
            if (rule.Flags.Concat(rule.OptionsWithValue).Any(f => f.Length != 1) || (rule.OptionValues ?? []).Keys.Any(k => k.Length != 1))
            {
                return "guardrails.programOptions: flags, optionsWithValue and optionValues keys are single letters";
            }
        }

        foreach (var (rule, index) in (file.Destinations ?? []).Select((r, i) => (r, i)))
        {
            if (rule.Programs.Count == 0 || rule.Operands.Any(o => FormNamed(o) == DestinationForms.None))
            {
                return $"destinations[{index}]: programs must list at least one program, and operands only url, remote or host";
            }

            if ((rule.Options ?? []).Concat(rule.OptionsWithValue ?? []).Concat((rule.OptionKeys ?? []).Keys).Any(o => o.Length < 2 || o[0] != '-'))
            {
                return $"destinations[{index}]: options, optionsWithValue and optionKeys name options (-x, --long)";
            }
        }

        return string.Empty;
    }

    private static DestinationForms FormNamed(string name) => name switch
    {
        "url" => DestinationForms.Url,
        "remote" => DestinationForms.Remote,
        "host" => DestinationForms.Host,
        _ => DestinationForms.None,
    };

    public sealed record ProgramArgumentRule(FrozenSet<string> Programs, FrozenSet<string> Arguments, string Class);

    public sealed record ProgramOptionRule(
        FrozenSet<string> Programs, string Flags, string OptionsWithValue, FrozenDictionary<char, ImmutableArray<string>> OptionValues, string Class);

    public sealed record DangerousOptionSet(ImmutableArray<string> Anywhere, ImmutableArray<string> BeforeSubcommand);

    public sealed record WrapperRule(ImmutableArray<string> OptionsWithValue, int LeadingOperands);
}
