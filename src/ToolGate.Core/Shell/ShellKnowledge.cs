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
            (r.OptionValues ?? []).ToFrozenDictionary(p => p.Key[0], p => p.Value.ToImmutableArray()), r.Class)
        {
            Why = r.Why ?? "opens a tunnel or port forward",
        })];
        ArgumentPatterns = [.. (guardrails.ArgumentPatterns ?? []).Select(r => new ArgumentPatternRule(
            r.Programs.ToFrozenSet(StringComparer.Ordinal), [.. r.Patterns.Select(ArgumentPatternRule.Compile)], r.Class, r.Why ?? r.Class))];
        ProtectedPaths = new ProtectedPaths(guardrails.ProtectedPaths ?? []);
        Writers = (guardrails.Writers ?? []).ToFrozenSet(StringComparer.Ordinal);
        ArgumentText = [.. (guardrails.ArgumentText ?? []).SelectMany(pair => pair.Value.Select(text => (text, pair.Key)))];
        _argumentTextFilter = ArgumentTextFilter.Create(ArgumentText.Select(t => t.Text));
        DangerousOptions = (file.Options ?? []).ToFrozenDictionary(
            p => p.Key,
            p => new DangerousOptionSet([.. p.Value.Anywhere ?? []], [.. p.Value.BeforeSubcommand ?? []])
            {
                OptionsWithValue = (p.Value.OptionsWithValue ?? []).ToFrozenSet(StringComparer.Ordinal),
                Subcommands = (p.Value.Subcommands ?? []).ToFrozenDictionary(s => s.Key, s => s.Value.ToImmutableArray(), StringComparer.Ordinal),
                Settings = (p.Value.Settings ?? []).ToFrozenDictionary(s => s.Key, s => s.Value.ToImmutableArray(), StringComparer.Ordinal),
            },
            StringComparer.Ordinal);
        DangerousOptionMatchers = DangerousOptions.ToFrozenDictionary(p => p.Key, p => new DangerousOptionMatcher(p.Value.Anywhere), StringComparer.Ordinal);
        Wrappers = (file.Wrappers ?? []).ToFrozenDictionary(
            p => p.Key,
            p => new WrapperRule([.. p.Value.OptionsWithValue ?? []], p.Value.LeadingOperands)
            {
                Subcommands = [.. p.Value.Subcommands ?? []],
                CommandOptions = [.. p.Value.CommandOptions ?? []],
                JoinsIntoShell = p.Value.JoinsIntoShell,
                ExecOptions = [.. p.Value.ExecOptions ?? []],
                AppendsInput = p.Value.AppendsInput,
                ReplaceOptions = [.. p.Value.ReplaceOptions ?? []],
                SplitOptions = [.. p.Value.SplitOptions ?? []],
                Assignments = p.Value.Assignments,
                ShellWithoutCommand = p.Value.ShellWithoutCommand,
            },
            StringComparer.Ordinal);
        Shells = (file.Shells ?? []).ToFrozenSet(StringComparer.Ordinal);
        SedPrograms = (file.Sed ?? []).ToFrozenSet(StringComparer.Ordinal);
        Builtins = (file.Builtins ?? []).ToFrozenSet(StringComparer.Ordinal);
        Interpreters = (file.Interpreters ?? []).ToFrozenDictionary(
            p => p.Key,
            p => new InterpreterRule([.. p.Value?.Inline ?? []], [.. p.Value?.Modules ?? []], [.. p.Value?.OptionsWithValue ?? []])
            {
                ReadsStdin = p.Value?.ReadsStdin ?? false,
            },
            StringComparer.Ordinal);
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

    /// <summary>Programs whose arguments matching a pattern make the command a guardrail hit (setuid modes, privileged containers).</summary>
    public ImmutableArray<ArgumentPatternRule> ArgumentPatterns { get; }

    /// <summary>Files no command may write (cron, sudoers, shell start-up files, authorized_keys, git hooks), with their class.</summary>
    public ProtectedPaths ProtectedPaths { get; }

    /// <summary>Programs that write the files their arguments name: an argument naming a protected path is a hit.</summary>
    public FrozenSet<string> Writers { get; }

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

    /// <summary>Programs whose scripts are sed scripts, read for commands that run programs or touch files (<see cref="SedScript"/>).</summary>
    public FrozenSet<string> SedPrograms { get; }

    /// <summary>Shell builtins that run text as code or change later commands: meaningless without a shell, so denied.</summary>
    public FrozenSet<string> Builtins { get; }

    /// <summary>Interpreter → the options that take inline code or name a module to run.</summary>
    public FrozenDictionary<string, InterpreterRule> Interpreters { get; }

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

        foreach (var (rule, index) in (file.Guardrails.ArgumentPatterns ?? []).Select((r, i) => (r, i)))
        {
            foreach (var pattern in rule.Patterns)
            {
                try
                {
                    _ = ArgumentPatternRule.Compile(pattern);
                }
                catch (ArgumentException e)
                {
                    return $"guardrails.argumentPatterns[{index}]: '{pattern}' is not a regular expression: {e.Message}";
                }
            }
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
        FrozenSet<string> Programs, string Flags, string OptionsWithValue, FrozenDictionary<char, ImmutableArray<string>> OptionValues, string Class)
    {
        /// <summary>What the option does, for the reason (<c>opens a tunnel or port forward</c>).</summary>
        public string Why { get; init; } = "opens a tunnel or port forward";
    }

    public sealed record DangerousOptionSet(ImmutableArray<string> Anywhere, ImmutableArray<string> BeforeSubcommand)
    {
        /// <summary>Options before the subcommand that take a separate value, so the subcommand is found past them.</summary>
        public FrozenSet<string> OptionsWithValue { get; init; } = FrozenSet<string>.Empty;

        /// <summary>
        /// Subcommand → what makes that use dangerous after it: options (<c>-x</c>, <c>--exec</c>, matched as anywhere
        /// options are), argument prefixes, any case (<c>core.pager</c>, <c>alias.</c> for <c>git config</c>), or <c>*</c>: any use.
        /// </summary>
        public FrozenDictionary<string, ImmutableArray<string>> Subcommands { get; init; } = FrozenDictionary<string, ImmutableArray<string>>.Empty;

        /// <summary>
        /// Subcommand → keys (argument prefixes, any case) dangerous to set: an argument with such a prefix followed by a
        /// value (<c>git config core.pager less</c>), not one that only reads it (<c>git config --get core.pager</c>).
        /// </summary>
        public FrozenDictionary<string, ImmutableArray<string>> Settings { get; init; } = FrozenDictionary<string, ImmutableArray<string>>.Empty;
    }

    /// <summary>
    /// A program that runs another: after its options (<see cref="OptionsWithValue"/> skipped with their value), a
    /// <c>--</c>, its <see cref="LeadingOperands"/> and (when it has <see cref="Subcommands"/>) one of those, the rest is the
    /// command it runs, judged like any other.
    /// </summary>
    /// <param name="OptionsWithValue">Options whose separate value is skipped (and, ending a cluster such as <c>-iu</c>, the next word).</param>
    /// <param name="LeadingOperands">Words before the command that are not options (<c>timeout 5</c>, <c>flock file</c>).</param>
    public sealed record WrapperRule(ImmutableArray<string> OptionsWithValue, int LeadingOperands)
    {
        /// <summary>It runs a command only after one of these (<c>pnpm dlx</c>, <c>uv tool run</c>); any other use is the program itself.</summary>
        public ImmutableArray<string> Subcommands { get; init; } = [];

        /// <summary>Options whose value is a command line run by <c>sh -c</c> (<c>flock -c</c>, <c>script -c</c>): judged as that script.</summary>
        public ImmutableArray<string> CommandOptions { get; init; } = [];

        /// <summary>The command's words are joined and run by <c>sh -c</c> (<c>watch</c>), unless one of <see cref="ExecOptions"/> is given.</summary>
        public bool JoinsIntoShell { get; init; }

        public ImmutableArray<string> ExecOptions { get; init; } = [];

        /// <summary>Arguments read from stdin are appended (<c>xargs</c>): the command's grant must end in <c>*</c> and not limit paths.</summary>
        public bool AppendsInput { get; init; }

        /// <summary>Options that put unknown input inside the command (<c>xargs -I</c>): denied.</summary>
        public ImmutableArray<string> ReplaceOptions { get; init; } = [];

        /// <summary>Options whose value is split into a command line of its own (<c>env -S</c>): denied.</summary>
        public ImmutableArray<string> SplitOptions { get; init; } = [];

        /// <summary><c>NAME=value</c> words set the environment (<c>env</c>): denied like an assignment.</summary>
        public bool Assignments { get; init; }

        /// <summary>Without a command option it starts an interactive shell reading stdin (<c>script</c>): denied.</summary>
        public bool ShellWithoutCommand { get; init; }
    }

    /// <summary>An interpreter: options that take inline code, options naming a module to run, and options whose value to skip.</summary>
    /// <param name="Inline">Options taking inline code (<c>-c</c>, <c>--eval</c>, <c>-Command</c>); a one-letter one also inside a cluster (<c>-Ic</c>, <c>-ne</c>).</param>
    /// <param name="Modules">Options naming a module run as a program (<c>python -m http.server</c>): judged as that program.</param>
    /// <param name="OptionsWithValue">Options taking a value, so a cluster stops at them (<c>php -dx=1</c>) and their value is no operand.</param>
    public sealed record InterpreterRule(ImmutableArray<string> Inline, ImmutableArray<string> Modules, ImmutableArray<string> OptionsWithValue)
    {
        /// <summary>It reads commands from stdin even with a file operand (gdb, ed): denied unless told not to.</summary>
        public bool ReadsStdin { get; init; }
    }
}
