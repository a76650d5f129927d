using System.Collections.Frozen;
using System.Collections.Immutable;
using ToolGate.Core.Decisions;
using ToolGate.Core.Shell.Constructs;
using ToolGate.Core.Shell.Destinations;
using ToolGate.Core.Shell.Syntax;

namespace ToolGate.Core.Shell;

/// <summary>
/// Judges a parsed command line: allowed only when every simple command in it is allowed and only
/// <c>; &amp;&amp; || |</c> join them. Every command is looked at even after a denial, so the most severe
/// finding (a guardrail hit anywhere) is the one reported.
/// </summary>
/// <param name="extraGuardrail">More guardrail checks for every command, nested ones included (compute: miner indicators).</param>
/// <param name="guardrailScope">Names the guardrail rules: <c>guardrail:&lt;scope&gt;.&lt;class&gt;</c>.</param>
/// <param name="network">Judges where commands connect (<see cref="ShellKnowledge.Destinations"/>); null: not judged here.</param>
internal sealed partial class ShellJudge(
    ShellPolicy policy, ShellKnowledge knowledge, string? cwd, DateTimeOffset now,
    Func<ImmutableArray<string>, (string Class, string Reason)?>? extraGuardrail = null, string guardrailScope = "shell",
    ShellNetworkGuardrails? network = null)
{
    public const int MaxDepth = 4;

    private Verdict? _worst;

    private bool _argumentTextRuledOut;

    // The allow to report (built once, at the end: most lines are allowed by several commands' grants).
    private CompiledShellGrant? _allowGrant;
    private ShellPattern? _allowPattern;
    private bool _allowBreakGlass;

    public Verdict Judge(CommandList tree)
    {
        JudgeList(tree, depth: 0);
        return _worst ?? AllowVerdict() ?? Verdict.Deny("the command line contains no command", Rules.UnsupportedShellConstruct);
    }

    /// <summary>A line read flat (<see cref="SimpleCommandLine"/>): judged as <see cref="Judge(CommandList)"/> judges its tree.</summary>
    /// <param name="argumentTextRuledOut">
    /// No guardrail argument text is in the line's text and <see cref="SimpleCommandLine.WordsAreSlices"/>: the line's own
    /// arguments (depth 0) need no text check. Nested lines (<c>sh -c</c>) are checked, since their words can join runs.
    /// </param>
    /// <param name="withPlan">An allow carries the line's <see cref="ShellPlan"/> (built only when allowed).</param>
    public Verdict Judge(SimpleCommandLine line, bool argumentTextRuledOut = false, bool withPlan = false)
    {
        _argumentTextRuledOut = argumentTextRuledOut && line.WordsAreSlices;
        JudgeFlat(line, depth: 0);
        return _worst ?? AllowVerdict(withPlan ? line : null) ?? Verdict.Deny("the command line contains no command", Rules.UnsupportedShellConstruct);
    }

    // Simple commands without assignments, redirections or expansions: each is its argv, judged in line order.
    private void JudgeFlat(SimpleCommandLine line, int depth)
    {
        foreach (var argv in line.Commands)
        {
            JudgeArgv(argv, [], depth);
        }
    }

    /// <summary>The allow to report (as <see cref="Verdict.Allow(Grants.Grant, string)"/> builds it), with the plan of <paramref name="planOf"/> when given.</summary>
    private Verdict? AllowVerdict(SimpleCommandLine? planOf = null)
    {
        if (_allowGrant is not { Grant: var grant } compiled)
        {
            return null;
        }

        var plan = planOf is null ? null : ShellPlan.Build(planOf);
        return _allowBreakGlass
            ? new Verdict(DecisionOutcome.Allow, $"break-glass ({string.Join(", ", grant.BreakGlass)}): command matches '{_allowPattern}'; justification: {grant.Justification}{ConstructsReason()}",
                compiled.Rule, Severity.High) { Grant = grant, ShellPlan = plan }
            : new Verdict(DecisionOutcome.Allow, _constructs is null ? _allowPattern!.MatchReason : _allowPattern!.MatchReason + ConstructsReason(), compiled.Rule, Severity.None)
            {
                Grant = grant, ShellPlan = plan,
            };
    }

    private void JudgeList(CommandList list, int depth)
    {
        foreach (var item in list.Items)
        {
            if (item.Background)
            {
                JudgeBackground(depth);
            }

            foreach (var pipeline in item.Command.Pipelines)
            {
                for (var i = 0; i < pipeline.Commands.Length; i++)
                {
                    JudgeCommand(pipeline.Commands[i], depth);
                }
            }
        }
    }

    private void JudgeCommand(CommandNode node, int depth)
    {
        switch (node)
        {
            case SimpleCommand simple:
                JudgeSimple(simple, depth);
                return;
            case Subshell s:
                Compound(ShellConstructs.Subshell, "subshell '( … )'", [s.Body], depth);
                break;
            case BraceGroup b:
                Compound(ShellConstructs.Group, "brace group '{ … }'", [b.Body], depth);
                break;
            case IfClause i:
                Compound(ShellConstructs.If, "compound statement 'if'",
                    [.. i.Branches.SelectMany(b => new[] { b.Condition, b.Body }), .. i.Else is null ? [] : new[] { i.Else }], depth);
                break;
            case ForClause f:
                JudgeFor(f, depth);
                break;
            case WhileClause w:
                Compound(ShellConstructs.While, w.Until ? "loop 'until'" : "loop 'while'", [w.Condition, w.Body], depth);
                break;
            case CaseClause c:
                JudgeCase(c, depth);
                break;
            case FunctionDefinition f:
                Deny($"function definition '{f.Name}' (a function can stand in for any command)", Rules.UnsupportedShellConstruct, Severity.High);
                JudgeCommand(f.Body, depth);
                break;
            case TestCommand t:
                Deny($"'{t.Kind}' command", Rules.UnsupportedShellConstruct, Severity.Low);
                break;
        }

        JudgeRedirections(node.Redirections);
    }

    private void JudgeSimple(SimpleCommand command, int depth)
    {
        foreach (var assignment in command.Assignments)
        {
            Deny($"environment assignment '{assignment.Name}=' changes how the command runs", Rules.UnsupportedShellConstruct, Severity.High);
            ExpandOrDeny(assignment.Value, depth, fields: null);
        }

        // The tool would expand a pattern in command position into a program nobody judged (/usr/bin/ss? is ssh).
        if (command.Words.FirstOrDefault()?.Parts.Any(p => p is GlobPart) == true)
        {
            Deny($"pattern in command position '{command.Words[0].Source}'", Rules.UnsupportedShellConstruct, Severity.High);
            return;
        }

        // Most words expand to one field: the builder is sized for that, so the argv is not copied.
        var argv = ImmutableArray.CreateBuilder<string>(command.Words.Length);
        var fields = new List<ExpandedWord>(1);
        var expandable = true;
        foreach (var word in command.Words)
        {
            fields.Clear();
            if (!ExpandOrDeny(word, depth, fields))
            {
                expandable = false;
                continue;
            }

            foreach (var field in fields)
            {
                argv.Add(field.Text);
            }
        }

        var inputs = JudgeRedirections(command.Redirections);
        if (!expandable)
        {
            return;
        }

        if (argv.Count == 0)
        {
            if (command.Assignments.IsEmpty && command.Redirections.Any(r => r.Operator is not ("<" or "<<" or "<<-" or "<<<")))
            {
                Deny("redirection without a command", Rules.UnsupportedShellConstruct, Severity.High);
            }

            return;
        }

        JudgeArgv(argv.DrainToImmutable(), inputs, depth);
    }

    /// <param name="matchGrants">False for a program another one runs under its own grant (<c>python -m pip</c>): judged, not matched.</param>
    private void JudgeArgv(ImmutableArray<string> argv, ImmutableArray<string> inputs, int depth, bool extraArguments = false, bool matchGrants = true)
    {
        var program = Path.GetFileName(argv[0]);

        // The program's patterns and its facts in one look-up when it is granted (the facts are kept with its patterns).
        var patterns = policy.Programs.GetValueOrDefault(argv[0]);
        var facts = patterns is null ? knowledge.FactsFor(program) : patterns.FactsFor(knowledge, program);
        var hits = FindGuardrailHits(argv, program, facts, checkArgumentText: !(_argumentTextRuledOut && depth == 0));
        CompiledShellGrant? breakGlass = null;
        if (hits is not null)
        {
            breakGlass = BreakGlassFor(argv, hits, patterns);
            if (breakGlass is null)
            {
                Guardrail(hits[0].Class, hits[0].Reason);
                return;
            }
        }

        // Program knowledge (builtins, shells, interpreters, wrappers, dangerous options): most programs have none, and
        // their plain path skips it.
        var subcommand = -1;
        if (facts.HasKnowledge && JudgeKnowledge(argv, program, facts, depth, out subcommand))
        {
            return;
        }

        if (matchGrants && !MatchGrants(argv, patterns, inputs, extraArguments, breakGlass))
        {
            return;
        }

        // Where a command that would run connects: the network guardrails hold whatever the grants say (an opened range is
        // the operator's call). A command denied anyway keeps that reason (not granted, a construct), not its destination.
        if (network is not null && facts.Destinations is { } destinations && DestinationDenial(argv, program, destinations, subcommand) is { } unreachable)
        {
            Record(unreachable);
        }
    }

    /// <summary>What the program knowledge says about the command; true when that denies it outright (the grants are not asked).</summary>
    /// <param name="subcommand">The index of its subcommand when a rule depends on it (<see cref="ProgramFacts.GatedSubcommand"/>), else -1.</param>
    private bool JudgeKnowledge(ImmutableArray<string> argv, string program, ProgramFacts facts, int depth, out int subcommand)
    {
        subcommand = facts.GatedSubcommands is null ? -1 : facts.GatedSubcommand(argv);

        if (ReferenceEquals(argv[0], program) ? facts.IsBuiltin : knowledge.Builtins.Contains(argv[0]))
        {
            Deny($"shell builtin '{argv[0]}' runs text as code or changes how later commands run", Rules.UnsupportedShellConstruct, Severity.High);
            return true;
        }

        if (facts.IsShell)
        {
            JudgeShell(argv, program, depth);
        }
        else if (facts.IsSed)
        {
            JudgeSed(argv, program);
        }
        else
        {
            // bun is both: it runs inline code (bun -e) and packages (bun x).
            if (facts.Interpreter is { } interpreter)
            {
                JudgeInterpreter(argv, program, interpreter, depth);
            }

            if (facts.Wrapper is { } wrapper)
            {
                JudgeWrapper(argv, program, wrapper, depth);
            }
        }

        if (DangerousOption(argv, facts, subcommand) is { } option)
        {
            Deny($"option '{option}' makes '{program}' run code, write files or read from elsewhere", Rules.DangerousOption, Severity.High);
            return true;
        }

        return false;
    }

    /// <summary>Every guardrail this command hits (class and reason), in the order they are reported; null when none.</summary>
    private List<(string Class, string Reason)>? FindGuardrailHits(ImmutableArray<string> argv, string program, ProgramFacts facts, bool checkArgumentText)
    {
        List<(string Class, string Reason)>? hits = null;
        if (facts.GuardrailClass is { } programClass)
        {
            (hits ??= []).Add((programClass, $"'{program}' is a known {programClass} program"));
        }

        if (facts.HasArgumentRules)
        {
            foreach (var rule in facts.ArgumentRules)
            {
                if (FirstArgumentIn(argv, rule.Arguments) is { } argument)
                {
                    (hits ??= []).Add((rule.Class, $"'{program} {argument}' is {rule.Class}"));
                }
            }

            foreach (var rule in facts.OptionRules)
            {
                if (FindOptionGuardrail(argv, rule) is { } option)
                {
                    (hits ??= []).Add((rule.Class, $"'{program} {option}' {rule.Why}"));
                }
            }

            foreach (var rule in facts.PatternRules)
            {
                if (rule.FirstMatch(argv) is { } argument)
                {
                    (hits ??= []).Add((rule.Class, $"'{program} {argument}' {rule.Why}"));
                }
            }

            if (facts.IsWriter && ProtectedWrite(argv) is { } write)
            {
                (hits ??= []).Add((write.Class, $"'{program}' writes '{write.Path}', a protected file ({write.Entry})"));
            }
        }

        foreach (var argument in checkArgumentText ? argv : [])
        {
            if (ArgumentTextClass(argument) is { } hit)
            {
                (hits ??= []).Add((hit.Class, $"argument contains '{hit.Text}'"));
            }
        }

        if (extraGuardrail?.Invoke(argv) is { } extra)
        {
            (hits ??= []).Add(extra);
        }

        return hits;
    }

    /// <param name="subcommand">The index of the command's subcommand when some rule depends on it (<see cref="ProgramFacts.GatedSubcommand"/>).</param>
    private Verdict? DestinationDenial(ImmutableArray<string> argv, string program, DestinationRule rule, int subcommand)
    {
        var start = rule.Subcommands.Count == 0 ? 1 : subcommand >= 0 && rule.Subcommands.Contains(argv[subcommand]) ? subcommand + 1 : -1;
        if (start < 0)
        {
            return null;
        }

        foreach (var (word, forms) in DestinationArguments.Find(argv, rule, start))
        {
            if (network!.Check(program, word, forms) is { } denied)
            {
                return denied;
            }
        }

        return null;
    }

    /// <summary>A protected path a writer's arguments name: an operand, the value after '=' (<c>of=</c>, <c>--target=</c>) or glued to a one-letter option.</summary>
    private (string Class, string Entry, string Path)? ProtectedWrite(ImmutableArray<string> argv)
    {
        for (var i = 1; i < argv.Length; i++)
        {
            var argument = argv[i];
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            var path = equals >= 0 ? argument[(equals + 1)..]
                : argument.Length > 2 && argument[0] == '-' && argument[1] != '-' ? argument[2..]
                : argument.StartsWith('-') ? null
                : argument;
            if (path is not null && knowledge.ProtectedPaths.Match(path, cwd) is { } hit)
            {
                return (hit.Class, hit.Entry, path);
            }
        }

        return null;
    }

    private static string? FirstArgumentIn(ImmutableArray<string> argv, FrozenSet<string> arguments)
    {
        for (var i = 1; i < argv.Length; i++)
        {
            if (arguments.Contains(argv[i]))
            {
                return argv[i];
            }
        }

        return null;
    }

    /// <summary>An active break-glass grant whose allow pattern matches this command and that covers every hit class.</summary>
    private CompiledShellGrant? BreakGlassFor(ImmutableArray<string> argv, List<(string Class, string Reason)> hits, ShellPolicy.ProgramPatterns? patterns)
    {
        if (patterns?.Allow is not { } allows)
        {
            return null;
        }

        foreach (var (pattern, compiled) in allows.For(argv))
        {
            var grant = compiled.Grant;
            if (!grant.BreakGlass.IsEmpty && grant.IsActiveAt(now) && pattern.Matches(argv)
                && hits.All(h => grant.BreakGlass.Contains(h.Class, StringComparer.Ordinal)))
            {
                return compiled;
            }
        }

        return null;
    }

    private (string Text, string Class)? ArgumentTextClass(string text)
    {
        // One vectorised scan rules out almost every argument; the indicators are then tried in their order.
        if (!knowledge.MayContainArgumentText(text))
        {
            return null;
        }

        foreach (var (indicator, textClass) in knowledge.ArgumentText)
        {
            if (text.Contains(indicator, StringComparison.OrdinalIgnoreCase))
            {
                return (indicator, textClass);
            }
        }

        return null;
    }

    // Short options as getopt reads them: bundles (-NfR) and values glued or separate (-oX, -o X, -No X).
    private static string? FindOptionGuardrail(ImmutableArray<string> argv, ShellKnowledge.ProgramOptionRule rule)
    {
        for (var i = 1; i < argv.Length; i++)
        {
            var argument = argv[i];
            if (argument.Length < 2 || argument[0] != '-' || argument[1] == '-')
            {
                continue;
            }

            for (var j = 1; j < argument.Length; j++)
            {
                var flag = argument[j];
                if (rule.Flags.Contains(flag, StringComparison.Ordinal))
                {
                    return argument;
                }

                if (!rule.OptionsWithValue.Contains(flag, StringComparison.Ordinal))
                {
                    continue;
                }

                var value = j + 1 < argument.Length ? argument[(j + 1)..] : (i + 1 < argv.Length ? argv[++i] : string.Empty);
                if (rule.OptionValues.TryGetValue(flag, out var keys) && keys.Any(k => value.Contains(k, StringComparison.OrdinalIgnoreCase)))
                {
                    return $"-{flag} {value}";
                }

                break;
            }
        }

        return null;
    }
}
