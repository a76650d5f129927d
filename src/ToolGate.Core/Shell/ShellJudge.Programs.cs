using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using ToolGate.Core.Decisions;
using ToolGate.Core.Shell.Syntax;

namespace ToolGate.Core.Shell;

internal sealed partial class ShellJudge
{
    /// <summary><c>sh -c '…'</c> is parsed and judged; a shell reading a script or stdin cannot be.</summary>
    private void JudgeShell(ImmutableArray<string> argv, string program, int depth)
    {
        var inline = argv.IndexOf("-c");
        if (inline < 0)
        {
            inline = argv.Skip(1).TakeWhile(a => a.StartsWith('-')).ToList().FindIndex(a => a.Length > 1 && a[1] != '-' && a.Contains('c', StringComparison.Ordinal));
            inline = inline < 0 ? -1 : inline + 1;
        }

        var script = inline > 0 && inline + 1 < argv.Length ? argv[inline + 1] : null;
        if (script is null)
        {
            Deny($"'{program}' runs a script or reads commands from stdin, which cannot be judged", Rules.UnsupportedShellConstruct, Severity.High);
            return;
        }

        if (depth >= MaxDepth)
        {
            Deny($"shells nested deeper than {MaxDepth}", Rules.UnsupportedShellConstruct, Severity.High);
            return;
        }

        if (SimpleCommandLine.TryRead(script) is { } flat)
        {
            JudgeFlat(flat, depth + 1);
            return;
        }

        var parsed = ShellParser.Parse(script);
        if (parsed.Tree is null)
        {
            Deny($"'{program} -c' script cannot be parsed: {parsed.Error}", Rules.UnsupportedShellConstruct, Severity.High);
            return;
        }

        JudgeList(parsed.Tree, depth + 1);
    }

    /// <summary>Inline interpreter code (<c>python -c</c>, <c>perl -e</c>) and code from stdin cannot be judged.</summary>
    private void JudgeInterpreter(ImmutableArray<string> argv, string program, ImmutableArray<string> inlineOptions)
    {
        if (program.EndsWith("awk", StringComparison.Ordinal))
        {
            JudgeAwk(argv, program);
            return;
        }

        foreach (var argument in argv.Skip(1))
        {
            if (inlineOptions.Any(o => argument == o || (argument.StartsWith(o, StringComparison.Ordinal) && (o.Length == 2 || argument[o.Length] == '='))))
            {
                Deny($"inline interpreter code ('{program} {argument}') cannot be judged", Rules.UnsupportedShellConstruct, Severity.High);
                return;
            }
        }

        var operands = argv.Skip(1).Where(a => !a.StartsWith('-') || a == "-").ToList();
        if (operands.Count == 0 || operands[0] == "-")
        {
            Deny($"'{program}' reads code from stdin, which cannot be judged", Rules.UnsupportedShellConstruct, Severity.High);
        }
    }

    private void JudgeAwk(ImmutableArray<string> argv, string program)
    {
        if (argv.Any(a => a is "-f" || a.StartsWith("--file", StringComparison.Ordinal) || a.StartsWith("-f", StringComparison.Ordinal) && a.Length > 2))
        {
            return; // a program file: judged as a file argument by the grant's paths
        }

        var text = argv.Skip(1).FirstOrDefault(a => !a.StartsWith('-'));
        if (text is not null && knowledge.AwkForbidden.FirstOrDefault(f => text.Contains(f, StringComparison.Ordinal)) is { } forbidden)
        {
            Deny($"{program} program uses '{forbidden}', which runs commands, reads them or writes files", Rules.UnsupportedShellConstruct, Severity.High);
        }
    }

    /// <summary>The wrapper must be granted like any program, and the program it runs is judged too.</summary>
    private void JudgeWrapper(ImmutableArray<string> argv, string program, ShellKnowledge.WrapperRule wrapper, int depth)
    {
        // env -S splits its value into a command line of its own: that text would need judging as a command.
        if (program == "env" && argv.Any(a => a.StartsWith("-S", StringComparison.Ordinal) || a.StartsWith("--split-string", StringComparison.Ordinal)))
        {
            Deny("env -S runs a command line split from a string", Rules.UnsupportedShellConstruct, Severity.High);
            return;
        }

        // xargs -I puts input text (unknown here) inside the command it runs: nothing left to judge statically.
        if (program == "xargs" && argv.Any(a => a is "-i" or "--replace" || a.StartsWith("-I", StringComparison.Ordinal) || a.StartsWith("--replace=", StringComparison.Ordinal)))
        {
            Deny("xargs -I substitutes unknown input into the command it runs", Rules.UnsupportedShellConstruct, Severity.High);
            return;
        }

        var i = 1;
        var operands = 0;
        for (; i < argv.Length; i++)
        {
            var argument = argv[i];
            if (argument == "--")
            {
                i++;
                break;
            }

            if (program == "env" && argument.Contains('=', StringComparison.Ordinal) && !argument.StartsWith('-'))
            {
                Deny($"environment assignment '{argument[..(argument.IndexOf('=', StringComparison.Ordinal) + 1)]}' through env changes how the command runs",
                    Rules.UnsupportedShellConstruct, Severity.High);
                continue;
            }

            if (argument.StartsWith('-') && argument.Length > 1)
            {
                if (wrapper.OptionsWithValue.Contains(argument))
                {
                    i++;
                }

                continue;
            }

            if (operands++ < wrapper.LeadingOperands)
            {
                continue;
            }

            break;
        }

        if (i >= argv.Length)
        {
            return; // nothing wrapped: the wrapper alone is judged by the grants
        }

        // Without -x, watch joins its arguments and runs them with sh -c: judge them as that script.
        if (program == "watch" && !argv.Any(a => a is "-x" or "--exec" || (a.Length > 2 && a[0] == '-' && a[1] != '-' && a.Contains('x', StringComparison.Ordinal))))
        {
            JudgeShell(["sh", "-c", string.Join(' ', argv[i..])], "sh", depth);
            return;
        }

        if (depth >= MaxDepth)
        {
            Deny($"wrappers nested deeper than {MaxDepth}", Rules.UnsupportedShellConstruct, Severity.High);
            return;
        }

        // xargs appends arguments read from stdin: the wrapped command must allow any further arguments.
        JudgeArgv(argv[i..], [], depth + 1, extraArguments: program == "xargs");
    }

    private static string? DangerousOption(ImmutableArray<string> argv, ProgramFacts facts)
    {
        if (facts is not { DangerousOptions: { } options, DangerousOptionMatcher: { } anywhere })
        {
            return null;
        }

        for (var i = 1; i < argv.Length && argv[i].StartsWith('-'); i++)
        {
            foreach (var option in options.BeforeSubcommand)
            {
                if (argv[i] == option || (option.Length == 2 && argv[i].StartsWith(option, StringComparison.Ordinal) && argv[i][1] != '-'))
                {
                    return argv[i];
                }
            }
        }

        for (var i = 1; i < argv.Length && argv[i] != "--"; i++)
        {
            if (anywhere.Matches(argv[i]))
            {
                return argv[i];
            }
        }

        return null;
    }

    /// <param name="patterns">What <see cref="ShellPolicy.Programs"/> holds for argv[0] (null: none).</param>
    [MethodImpl(MethodImplOptions.NoInlining)] // measured: inlined into the per-command loop, its own calls stop being inlined
    private void MatchGrants(ImmutableArray<string> argv, ShellPolicy.ProgramPatterns? patterns, ImmutableArray<string> inputs, bool extraArguments, CompiledShellGrant? breakGlass = null)
    {
        if (patterns?.Deny is { } denies)
        {
            foreach (var (pattern, compiled) in denies.For(argv))
            {
                if (compiled.Grant.IsActiveAt(now) && pattern.Matches(argv))
                {
                    Deny($"command matches deny pattern '{pattern}'", Rules.ForGrant(compiled.Grant.Id), Severity.High);
                    return;
                }
            }
        }

        Verdict? outOfScope = null;
        if (patterns?.Allow is { } allows)
        {
            foreach (var (pattern, compiled) in allows.For(argv))
            {
                // A command that needed break-glass is allowed only by its break-glass grant, so the record names it.
                if (!compiled.Grant.IsActiveAt(now) || !pattern.Matches(argv) || (extraArguments && !pattern.AnyFurtherArguments)
                    || (breakGlass is not null && !ReferenceEquals(compiled, breakGlass)))
                {
                    continue;
                }

                if (extraArguments && !compiled.Paths.IsUnrestricted)
                {
                    outOfScope ??= Verdict.Deny("xargs supplies arguments that cannot be checked against the granted paths",
                        Rules.ForGrant(compiled.Grant.Id), Severity.High);
                    continue;
                }

                if (compiled.Paths.Check(argv, cwd, inputs) is { } pathProblem)
                {
                    outOfScope ??= Verdict.Deny(pathProblem, Rules.ForGrant(compiled.Grant.Id), Severity.High);
                    continue;
                }

                // The first allow is reported, unless a later one used break-glass: a line that used it anywhere is recorded as such.
                if (_allowGrant is null || (breakGlass is not null && !_allowBreakGlass))
                {
                    (_allowGrant, _allowPattern, _allowBreakGlass) = (compiled, pattern, breakGlass is not null);
                }

                return;
            }
        }

        Record(outOfScope ?? Verdict.Deny($"no shell grant allows '{argv[0]}' with these arguments", Rules.DefaultDeny));
    }

    /// <summary>Judges redirections; returns the files read (for the path scope). /dev/null and fd copies are fine.</summary>
    private ImmutableArray<string> JudgeRedirections(ImmutableArray<Redirection> redirections)
    {
        if (redirections.IsEmpty)
        {
            return [];
        }

        var inputs = ImmutableArray.CreateBuilder<string>();
        var fields = new List<ExpandedWord>(1);
        foreach (var redirection in redirections)
        {
            if (redirection.HereDocument is { } body)
            {
                if (ArgumentTextClass(body) is { } hit)
                {
                    Guardrail(hit.Class, $"here-document contains '{hit.Text}'");
                }

                if (!redirection.HereDocumentQuoted && (body.Contains('$', StringComparison.Ordinal) || body.Contains('`', StringComparison.Ordinal)))
                {
                    Deny("expansion in an unquoted here-document", Rules.UnsupportedShellConstruct, Severity.High);
                }

                continue;
            }

            fields.Clear();
            var expanded = ExpandOrDeny(redirection.Target, depth: 0, fields);
            if (!expanded || fields.Count != 1 || fields[0].Glob)
            {
                if (expanded)
                {
                    Deny($"redirection target '{redirection.Target.Source}' is not a single file name", Rules.UnsupportedShellConstruct, Severity.High);
                }

                continue;
            }

            var target = fields[0].Text;
            if (ArgumentTextClass(target) is { } targetHit)
            {
                Guardrail(targetHit.Class, $"redirection to '{target}'");
                continue;
            }

            switch (redirection.Operator)
            {
                case "<<<":
                    continue;
                case "<&" or ">&" when target == "-" || target.All(char.IsAsciiDigit):
                    continue; // copies or closes a file descriptor
                case "<":
                    inputs.Add(target);
                    continue;
                case ">" or ">>" or ">|" or "&>" or "&>>" or ">&" when target == "/dev/null":
                    continue;
                default:
                    Deny($"redirection '{redirection.Operator} {target}' writes a file", Rules.UnsupportedShellConstruct, Severity.High);
                    continue;
            }
        }

        return inputs.ToImmutable();
    }

    /// <summary>Appends the word's fields to <paramref name="fields"/> (when given); false, with the denial recorded, when it cannot be expanded.</summary>
    private bool ExpandOrDeny(Word word, int depth, List<ExpandedWord>? fields)
    {
        var error = WordExpander.ExpandInto(word, fields ?? new List<ExpandedWord>(1));
        if (error is null)
        {
            return true;
        }

        Deny($"unsupported shell construct: {error}", Rules.UnsupportedShellConstruct, Severity.High);

        // What a substitution would run is still looked at, so a guardrail inside one is reported as such.
        foreach (var part in word.Parts)
        {
            var inner = part switch
            {
                CommandSubstitutionPart c => c.Text,
                ProcessSubstitutionPart p => p.Text,
                _ => null,
            };
            if (inner is not null && depth < MaxDepth && ShellParser.Parse(inner).Tree is { } tree)
            {
                JudgeList(tree, depth + 1);
            }
        }

        return false;
    }

    private void Guardrail(string guardrailClass, string reason) =>
        Record(Verdict.Deny(reason, Rules.ForGuardrail(guardrailScope + "." + guardrailClass), Severity.Critical));

    private void Deny(string reason, string rule, Severity severity) => Record(Verdict.Deny(reason, rule, severity));

    private void Record(Verdict denial)
    {
        if (_worst is null || denial.Severity > _worst.Severity)
        {
            _worst = denial;
        }
    }
}
