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

    /// <summary>
    /// Inline interpreter code (<c>python -c</c>, <c>perl -ne</c>, <c>python3 -Ic</c>) and code from stdin cannot be judged; a
    /// module run as a program (<c>python -m http.server</c>) is judged as that program.
    /// </summary>
    private void JudgeInterpreter(ImmutableArray<string> argv, string program, ShellKnowledge.InterpreterRule rule, int depth)
    {
        if (program.EndsWith("awk", StringComparison.Ordinal))
        {
            JudgeAwk(argv, program);
            return;
        }

        string? operand = null;
        for (var i = 1; i < argv.Length && operand is null; i++)
        {
            var argument = argv[i];
            if (argument == "--" || argument.Length < 2 || argument[0] is not ('-' or '+'))
            {
                operand = argument == "--" ? (i + 1 < argv.Length ? argv[i + 1] : null) : argument;
                if (operand is not null && rule.Inline.Contains(operand))
                {
                    Deny($"inline interpreter code ('{program} {operand}') cannot be judged", Rules.UnsupportedShellConstruct, Severity.High);
                    return;
                }

                break;
            }

            // vim +cmd and the like: a command unless it is a line number.
            if (argument[0] == '+')
            {
                if (rule.Inline.Contains("+") && argument.AsSpan(1).ContainsAnyExceptInRange('0', '9'))
                {
                    Deny($"inline interpreter code ('{program} {argument}') cannot be judged", Rules.UnsupportedShellConstruct, Severity.High);
                    return;
                }

                continue;
            }

            // Whole options (--eval, --eval=…, -Command, -ex), then a cluster of letters as getopt reads it (-Ic, -lne, -Im mod).
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? argument : argument[..equals];
            string? module = null;
            if (rule.Inline.Contains(name))
            {
                Deny($"inline interpreter code ('{program} {argument}') cannot be judged", Rules.UnsupportedShellConstruct, Severity.High);
                return;
            }

            if (rule.Modules.Contains(name))
            {
                module = equals >= 0 ? argument[(equals + 1)..] : (i + 1 < argv.Length ? argv[++i] : null);
            }
            else if (rule.OptionsWithValue.Contains(name))
            {
                i += equals < 0 ? 1 : 0;
                continue;
            }
            else if (argument[1] != '-')
            {
                for (var j = 1; j < argument.Length && char.IsAsciiLetterOrDigit(argument[j]); j++)
                {
                    var letter = "-" + argument[j];
                    if (rule.Inline.Contains(letter))
                    {
                        Deny($"inline interpreter code ('{program} {argument}') cannot be judged", Rules.UnsupportedShellConstruct, Severity.High);
                        return;
                    }

                    if (rule.Modules.Contains(letter))
                    {
                        module = j + 1 < argument.Length ? argument[(j + 1)..] : (i + 1 < argv.Length ? argv[++i] : null);
                        break;
                    }

                    if (rule.OptionsWithValue.Contains(letter))
                    {
                        i += j + 1 == argument.Length ? 1 : 0;
                        break;
                    }
                }
            }

            if (module is not null)
            {
                // The module runs as that program would (pip installs, http.server listens); the interpreter's grant covers it.
                if (depth < MaxDepth)
                {
                    JudgeArgv([module, .. argv[(i + 1)..]], [], depth + 1, matchGrants: false);
                }

                return;
            }
        }

        if (operand is null or "-" || rule.ReadsStdin)
        {
            Deny($"'{program}' reads code from stdin, which cannot be judged", Rules.UnsupportedShellConstruct, Severity.High);
        }
        else if (operand.Contains("://", StringComparison.Ordinal))
        {
            Deny($"'{program}' runs code from a URL ('{operand}'), which cannot be judged", Rules.UnsupportedShellConstruct, Severity.High);
        }
    }

    /// <summary>A sed script (from <c>-e</c>, <c>--expression</c> or the first operand) that runs programs or touches other files (<see cref="SedScript"/>).</summary>
    private void JudgeSed(ImmutableArray<string> argv, string program)
    {
        if (argv.Contains("--sandbox"))
        {
            return; // sed itself refuses e, r and w then
        }

        var scripts = new List<string>(1);
        var fromFile = false;
        for (var i = 1; i < argv.Length; i++)
        {
            var argument = argv[i];
            if (argument == "--" || argument.Length < 2 || argument[0] != '-')
            {
                var operand = argument == "--" ? (i + 1 < argv.Length ? argv[i + 1] : null) : argument;
                if (scripts.Count == 0 && !fromFile && operand is not null)
                {
                    scripts.Add(operand);
                }

                break;
            }

            if (argument.StartsWith("--", StringComparison.Ordinal))
            {
                var equals = argument.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? argument : argument[..equals];
                var value = equals >= 0 ? argument[(equals + 1)..] : (name is "--expression" or "--file" or "--line-length" && i + 1 < argv.Length ? argv[++i] : null);
                if (name == "--expression" && value is not null)
                {
                    scripts.Add(value);
                }

                fromFile |= name == "--file";
                continue;
            }

            // A cluster: -ne 'p', -nf x.sed, -i.bak (the suffix ends it).
            for (var j = 1; j < argument.Length; j++)
            {
                if (argument[j] is 'e' or 'f' or 'l')
                {
                    var value = j + 1 < argument.Length ? argument[(j + 1)..] : (i + 1 < argv.Length ? argv[++i] : null);
                    if (argument[j] == 'e' && value is not null)
                    {
                        scripts.Add(value);
                    }

                    fromFile |= argument[j] == 'f';
                    break;
                }

                if (argument[j] == 'i')
                {
                    break;
                }
            }
        }

        foreach (var script in scripts)
        {
            if (SedScript.Forbidden(script) is { } command)
            {
                Deny($"{program} script uses '{command}', which runs a program or reads or writes another file", Rules.DangerousOption, Severity.High);
                return;
            }
        }
    }

    private void JudgeAwk(ImmutableArray<string> argv, string program)
    {
        if (argv.Any(a => a is "-f" || a.StartsWith("--file", StringComparison.Ordinal) || a.StartsWith("-f", StringComparison.Ordinal) && a.Length > 2))
        {
            return; // a program file: judged as a file argument by the grant's paths
        }

        // The program is the first word that is neither an option nor an option's value (-v x=1, -F:), or -e's value.
        string? text = null;
        for (var i = 1; i < argv.Length && text is null; i++)
        {
            var argument = argv[i];
            text = argument switch
            {
                "-e" or "--source" => i + 1 < argv.Length ? argv[++i] : null,
                "-v" or "-F" or "--assign" or "--field-separator" or "-l" or "--load" or "-i" or "--include" => Skip(ref i),
                "--" => i + 1 < argv.Length ? argv[++i] : null,
                _ when argument.StartsWith("--source=", StringComparison.Ordinal) => argument["--source=".Length..],
                _ when argument.StartsWith('-') && argument.Length > 1 => null,
                _ => argument,
            };
        }

        // Extensions and included files run code nobody judged.
        if (argv.Any(a => a is "-l" or "--load" or "-i" or "--include" || a.StartsWith("--load=", StringComparison.Ordinal) || a.StartsWith("--include=", StringComparison.Ordinal)))
        {
            Deny($"{program} loads an extension or source file, which cannot be judged", Rules.UnsupportedShellConstruct, Severity.High);
            return;
        }

        if (text is not null && knowledge.AwkForbidden.FirstOrDefault(f => text.Contains(f, StringComparison.Ordinal)) is { } forbidden)
        {
            Deny($"{program} program uses '{forbidden}', which runs commands, reads them or writes files", Rules.UnsupportedShellConstruct, Severity.High);
        }

        static string? Skip(ref int i)
        {
            i++;
            return null;
        }
    }

    /// <summary>The wrapper must be granted like any program, and the program it runs is judged too.</summary>
    private void JudgeWrapper(ImmutableArray<string> argv, string program, ShellKnowledge.WrapperRule wrapper, int depth)
    {
        if (FirstOption(argv, wrapper.SplitOptions) is { } split)
        {
            Deny($"'{program} {split}' runs a command line split from a string", Rules.UnsupportedShellConstruct, Severity.High);
            return;
        }

        // xargs -I puts input text (unknown here) inside the command it runs: nothing left to judge statically.
        if (FirstOption(argv, wrapper.ReplaceOptions) is { } replace)
        {
            Deny($"'{program} {replace}' substitutes unknown input into the command it runs", Rules.UnsupportedShellConstruct, Severity.High);
            return;
        }

        // flock -c, script -c, npx -c: the value is a command line that sh -c runs.
        var commandLine = false;
        for (var i = 1; i < argv.Length && argv[i] != "--"; i++)
        {
            if (OptionValue(argv, ref i, wrapper.CommandOptions) is { } script)
            {
                commandLine = true;
                JudgeShell(["sh", "-c", script], "sh", depth);
            }
        }

        if (wrapper.ShellWithoutCommand && !commandLine)
        {
            Deny($"'{program}' without a command starts a shell that reads commands from stdin, which cannot be judged", Rules.UnsupportedShellConstruct, Severity.High);
            return;
        }

        var start = WrappedCommandStart(argv, wrapper);
        if (start < 0 || start >= argv.Length)
        {
            return; // nothing wrapped (or not the subcommand that runs one): the program alone is judged by the grants
        }

        // Without an exec option, watch joins its arguments and runs them with sh -c: judge them as that script.
        if (wrapper.JoinsIntoShell && FirstOption(argv[..start], wrapper.ExecOptions) is null)
        {
            JudgeShell(["sh", "-c", string.Join(' ', argv[start..])], "sh", depth);
            return;
        }

        if (depth >= MaxDepth)
        {
            Deny($"wrappers nested deeper than {MaxDepth}", Rules.UnsupportedShellConstruct, Severity.High);
            return;
        }

        // xargs appends arguments read from stdin: the wrapped command must allow any further arguments.
        JudgeArgv(argv[start..], [], depth + 1, extraArguments: wrapper.AppendsInput);
    }

    /// <summary>Where the command a wrapper runs starts; -1 when this use of the program runs none (<c>pnpm install</c>).</summary>
    private int WrappedCommandStart(ImmutableArray<string> argv, ShellKnowledge.WrapperRule wrapper)
    {
        var operands = 0;
        var subcommand = wrapper.Subcommands.IsEmpty;
        for (var i = 1; i < argv.Length; i++)
        {
            var argument = argv[i];
            if (argument == "--")
            {
                return subcommand ? i + 1 : -1;
            }

            if (wrapper.Assignments && argument.Contains('=', StringComparison.Ordinal) && !argument.StartsWith('-'))
            {
                Deny($"environment assignment '{argument[..(argument.IndexOf('=', StringComparison.Ordinal) + 1)]}' through {argv[0]} changes how the command runs",
                    Rules.UnsupportedShellConstruct, Severity.High);
                continue;
            }

            if (argument.StartsWith('-') && argument.Length > 1)
            {
                i += TakesSeparateValue(argument, wrapper.OptionsWithValue) ? 1 : 0;
                continue;
            }

            if (!subcommand)
            {
                // pnpm dlx, uv tool run: the words must be one of the subcommands, else the program runs nothing.
                var matched = wrapper.Subcommands.FirstOrDefault(s => Matches(argv, i, s));
                if (matched is null)
                {
                    return -1;
                }

                i += matched.Count(c => c == ' ');
                subcommand = true;
                continue;
            }

            if (operands++ < wrapper.LeadingOperands)
            {
                continue;
            }

            return i;
        }

        return -1;

        static bool Matches(ImmutableArray<string> argv, int i, string words)
        {
            foreach (var word in words.Split(' '))
            {
                if (i >= argv.Length || argv[i++] != word)
                {
                    return false;
                }
            }

            return true;
        }
    }

    // -u X, and a cluster ending in an option that takes a value (env -iu X): the next word is that value.
    private static bool TakesSeparateValue(string argument, ImmutableArray<string> optionsWithValue)
    {
        if (optionsWithValue.Contains(argument))
        {
            return true;
        }

        return argument.Length > 2 && argument[1] != '-' && optionsWithValue.Contains("-" + argument[^1])
            && argument.AsSpan(1).IndexOfAnyExcept(OptionLetters) < 0
            && !ValueGluedBefore(argument, optionsWithValue);

        // -n5u: a value-taking letter before the last one already took the rest of the word as its value.
        static bool ValueGluedBefore(string argument, ImmutableArray<string> optionsWithValue)
        {
            for (var j = 1; j < argument.Length - 1; j++)
            {
                if (optionsWithValue.Contains("-" + argument[j]))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private static readonly System.Buffers.SearchValues<char> OptionLetters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    /// <summary>The first argument (before <c>--</c>) that is one of <paramref name="options"/>, alone, with <c>=value</c> or (one letter) glued or bundled.</summary>
    private static string? FirstOption(ImmutableArray<string> argv, ImmutableArray<string> options)
    {
        if (options.IsEmpty)
        {
            return null;
        }

        for (var i = 1; i < argv.Length && argv[i] != "--"; i++)
        {
            foreach (var option in options)
            {
                if (DangerousOptionMatcher.OptionMatches(argv[i], option))
                {
                    return argv[i];
                }
            }
        }

        return null;
    }

    /// <summary>The value of <paramref name="options"/> at <paramref name="i"/> (<c>-c X</c>, <c>-cX</c>, <c>--command=X</c>), moving past it; null when it is not one.</summary>
    private static string? OptionValue(ImmutableArray<string> argv, ref int i, ImmutableArray<string> options)
    {
        var argument = argv[i];
        foreach (var option in options)
        {
            if (argument == option)
            {
                return i + 1 < argv.Length ? argv[++i] : null;
            }

            if (option.StartsWith("--", StringComparison.Ordinal))
            {
                if (argument.StartsWith(option + "=", StringComparison.Ordinal))
                {
                    return argument[(option.Length + 1)..];
                }

                continue;
            }

            // -cX, and a cluster of flags ending in the option (-qc X) or going on into its value (-qcX).
            var letter = option.Length == 2 && argument.Length > 2 && argument[0] == '-' && argument[1] != '-' ? argument.IndexOf(option[1], 1) : -1;
            if (letter > 0 && argument.AsSpan(1, letter - 1).IndexOfAnyExcept(OptionLetters) < 0)
            {
                return letter + 1 < argument.Length ? argument[(letter + 1)..] : (i + 1 < argv.Length ? argv[++i] : null);
            }
        }

        return null;
    }

    private static string? DangerousOption(ImmutableArray<string> argv, ProgramFacts facts, int subcommand)
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

        return subcommand < 0 ? null : DangerousSubcommandUse(argv, options, subcommand);
    }

    // A key prefix (alias.), or one with '*' standing for a name in it (remote.*.uploadpack); any case, as git reads keys.
    private static bool KeyMatches(string argument, string key)
    {
        var star = key.IndexOf('*', StringComparison.Ordinal);
        return star < 0
            ? argument.StartsWith(key, StringComparison.OrdinalIgnoreCase)
            : argument.Length > key.Length && argument.StartsWith(key[..star], StringComparison.OrdinalIgnoreCase)
                && argument.EndsWith(key[(star + 1)..], StringComparison.OrdinalIgnoreCase);
    }

    // git config core.pager …, git rebase -x …, git send-email: what makes this subcommand's use dangerous.
    private static string? DangerousSubcommandUse(ImmutableArray<string> argv, ShellKnowledge.DangerousOptionSet options, int i)
    {
        var subcommand = argv[i];
        if (options.Settings.TryGetValue(subcommand, out var keys))
        {
            for (var j = i + 1; j + 1 < argv.Length; j++)
            {
                foreach (var key in keys)
                {
                    if (KeyMatches(argv[j], key))
                    {
                        return $"{subcommand} {argv[j]} {argv[j + 1]}";
                    }
                }
            }
        }

        if (!options.Subcommands.TryGetValue(subcommand, out var dangers))
        {
            return null;
        }

        if (dangers.Contains("*"))
        {
            return subcommand;
        }

        for (var j = i + 1; j < argv.Length && argv[j] != "--"; j++)
        {
            foreach (var danger in dangers)
            {
                if (danger.StartsWith('-') ? DangerousOptionMatcher.OptionMatches(argv[j], danger) : argv[j].StartsWith(danger, StringComparison.OrdinalIgnoreCase))
                {
                    return $"{subcommand} {argv[j]}";
                }
            }
        }

        return null;
    }

    /// <param name="patterns">What <see cref="ShellPolicy.Programs"/> holds for argv[0] (null: none).</param>
    [MethodImpl(MethodImplOptions.NoInlining)] // measured: inlined into the per-command loop, its own calls stop being inlined
    /// <returns>True when a grant allows the command; false when it was denied (recorded).</returns>
    private bool MatchGrants(ImmutableArray<string> argv, ShellPolicy.ProgramPatterns? patterns, ImmutableArray<string> inputs, bool extraArguments, CompiledShellGrant? breakGlass = null)
    {
        if (patterns?.Deny is { } denies)
        {
            foreach (var (pattern, compiled) in denies.For(argv))
            {
                if (compiled.Grant.IsActiveAt(now) && pattern.Matches(argv))
                {
                    Deny($"command matches deny pattern '{pattern}'", Rules.ForGrant(compiled.Grant.Id), Severity.High);
                    return false;
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

                return true;
            }
        }

        Record(outOfScope ?? Verdict.Deny($"no shell grant allows '{argv[0]}' with these arguments", Rules.DefaultDeny));
        return false;
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

            // /dev//tcp/… and /dev/./tcp/… are the same file to the kernel: the text is checked as written and normalised.
            if ((ArgumentTextClass(target) ?? (target.StartsWith('/') ? ArgumentTextClass(PathScope.Normalize(target)) : null)) is { } targetHit)
            {
                Guardrail(targetHit.Class, $"redirection to '{target}'");
                continue;
            }

            if (redirection.Operator is not ("<" or "<<<" or "<&") && target != "/dev/null" && knowledge.ProtectedPaths.Match(target, cwd) is { } write)
            {
                Guardrail(write.Class, $"redirection '{redirection.Operator} {target}' writes a protected file ({write.Entry})");
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
