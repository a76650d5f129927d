using System.Collections.Immutable;
using ToolGate.Core.Shell;
using ToolGate.Core.Shell.Syntax;

namespace ToolGate.Core.Tests.Shell.Properties;

/// <summary>
/// The oracle of the "never allows a guardrail program" property, written apart from <c>ShellJudge</c>: walks
/// the whole parse tree (lists, pipelines, compound commands, function bodies, substitutions, redirections,
/// here-documents) and reports the first guardrail program (<see cref="ShellKnowledge.GuardrailPrograms"/>, by
/// basename, any case) in command position: the first word of a simple command, the program a wrapper runs
/// (skipping the wrapper's options and leading operands as the data describes them), or a command inside a
/// shell's <c>-c</c> script. A <c>for</c> loop over static words is walked once per word with <c>$name</c> / <c>${name}</c>
/// read as that word (quoted or not), so a guardrail program that only a loop variable names is found too.
/// </summary>
internal sealed class GuardrailCommandFinder(ShellKnowledge knowledge)
{
    private const int MaxDepth = 32;

    /// <summary>A guardrail program in command position, or null. Unparseable lines have none (they are denied anyway).</summary>
    public string? Find(string line) => ShellParser.Parse(line).Tree is { } tree ? InList(tree, 0, Unbound) : null;

    private static readonly ImmutableDictionary<string, string> Unbound = ImmutableDictionary<string, string>.Empty;

    private string? InList(CommandList? list, int depth, ImmutableDictionary<string, string> loop)
    {
        if (list is null || depth > MaxDepth)
        {
            return null;
        }

        foreach (var command in list.Items.SelectMany(i => i.Command.Pipelines).SelectMany(p => p.Commands))
        {
            if (InCommand(command, depth, loop) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private string? InCommand(CommandNode node, int depth, ImmutableDictionary<string, string> loop)
    {
        var found = node switch
        {
            SimpleCommand simple => InSimple(simple, depth, loop),
            Subshell s => InList(s.Body, depth, loop),
            BraceGroup b => InList(b.Body, depth, loop),
            IfClause i => First(i.Branches.SelectMany(b => new[] { b.Condition, b.Body }).Append(i.Else), depth, loop),
            ForClause f => InLoop(f, depth, loop) ?? InWords(f.Items ?? [], depth) ?? InParts(f.ArithmeticExpansions, depth),
            WhileClause w => InList(w.Condition, depth, loop) ?? InList(w.Body, depth, loop),
            CaseClause c => InWords([c.Subject], depth) ?? First(c.Arms.Select(a => a.Body), depth, loop) ?? InWords([.. c.Arms.SelectMany(a => a.Patterns)], depth),
            FunctionDefinition f => InCommand(f.Body, depth, loop),
            TestCommand t => InWords(t.Words, depth) ?? InParts(t.Expansions, depth),
            _ => null,
        };

        foreach (var redirection in node.Redirections)
        {
            found ??= InWords([redirection.Target], depth) ?? InParts(redirection.HereDocumentParts, depth);
        }

        return found;
    }

    private string? First(IEnumerable<CommandList?> lists, int depth, ImmutableDictionary<string, string> loop) =>
        lists.Select(l => InList(l, depth, loop)).FirstOrDefault(f => f is not null);

    /// <summary>The body once per static word (the words read with the outer loops' variables bound); as written otherwise.</summary>
    private string? InLoop(ForClause loop, int depth, ImmutableDictionary<string, string> bound)
    {
        var values = new List<string>();
        foreach (var item in loop.Items ?? [])
        {
            var fields = WordExpander.Expand(Bind(item, bound), out var error);
            if (error is not null || loop.Arithmetic is not null)
            {
                return InList(loop.Body, depth, bound);
            }

            values.AddRange(fields.Select(f => f.Text));
        }

        return values.Count == 0
            ? InList(loop.Body, depth, bound)
            : values.Select(v => InList(loop.Body, depth, bound.SetItem(loop.Variable, v))).FirstOrDefault(f => f is not null);
    }

    /// <summary>The word with every bound <c>$name</c> / <c>${name}</c> replaced by its value as quoted text.</summary>
    private static Word Bind(Word word, ImmutableDictionary<string, string> bound) =>
        bound.IsEmpty ? word : word with
        {
            Parts = [.. word.Parts.Select(p => p is ParameterPart parameter && BoundName(parameter.Text) is { } name && bound.TryGetValue(name, out var value)
                ? new LiteralPart(value, Quoted: true) : p)],
        };

    private static string? BoundName(string parameter) =>
        parameter.StartsWith("${", StringComparison.Ordinal) && parameter.EndsWith('}') ? parameter[2..^1]
        : parameter.StartsWith('$') ? parameter[1..]
        : null;

    private string? InSimple(SimpleCommand command, int depth, ImmutableDictionary<string, string> loop)
    {
        var found = InWords([.. command.Assignments.Select(a => a.Value)], depth) ?? InWords(command.Words, depth);
        if (found is not null)
        {
            return found;
        }

        var argv = ImmutableArray.CreateBuilder<string>();
        foreach (var word in command.Words)
        {
            var fields = WordExpander.Expand(Bind(word, loop), out var error);
            if (error is not null)
            {
                return null; // not known statically: the evaluator denies the command whatever it is
            }

            argv.AddRange(fields.Select(f => f.Text));
        }

        return InArgv(argv.ToImmutable(), depth);
    }

    private string? InArgv(ImmutableArray<string> argv, int depth)
    {
        if (argv.IsEmpty || depth > MaxDepth)
        {
            return null;
        }

        var program = Path.GetFileName(argv[0]);
        if (knowledge.GuardrailPrograms.ContainsKey(program))
        {
            return program;
        }

        if (knowledge.Shells.Contains(program))
        {
            return ShellScript(argv) is { } script && ShellParser.Parse(script).Tree is { } tree ? InList(tree, depth + 1, Unbound) : null;
        }

        return knowledge.Wrappers.TryGetValue(program, out var wrapper) ? InArgv(Wrapped(argv, wrapper), depth + 1) : null;
    }

    /// <summary>The <c>-c</c> script of a shell: the word after <c>-c</c>, or after leading options bundling a <c>c</c>.</summary>
    private static string? ShellScript(ImmutableArray<string> argv)
    {
        for (var i = 1; i < argv.Length - 1; i++)
        {
            if (argv[i] == "-c" || (argv[i].Length > 1 && argv[i][0] == '-' && argv[i][1] != '-' && argv[i].Contains('c', StringComparison.Ordinal)))
            {
                return argv[i + 1];
            }
        }

        return null;
    }

    /// <summary>What a wrapper runs: after its options (with their values), <c>--</c>, <c>NAME=value</c> for env, and its leading operands.</summary>
    private static ImmutableArray<string> Wrapped(ImmutableArray<string> argv, ShellKnowledge.WrapperRule wrapper)
    {
        var operands = 0;
        for (var i = 1; i < argv.Length; i++)
        {
            var argument = argv[i];
            if (argument == "--")
            {
                return argv[(i + 1)..];
            }

            if (argument.Length > 1 && argument[0] == '-')
            {
                i += wrapper.OptionsWithValue.Contains(argument) ? 1 : 0;
            }
            else if (!(Path.GetFileName(argv[0]) == "env" && argument.Contains('=', StringComparison.Ordinal)) && operands++ >= wrapper.LeadingOperands)
            {
                return argv[i..];
            }
        }

        return [];
    }

    private string? InWords(IEnumerable<Word> words, int depth)
    {
        foreach (var word in words)
        {
            if (InParts(word.Parts, depth) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private string? InParts(ImmutableArray<WordPart> parts, int depth)
    {
        foreach (var part in parts)
        {
            var found = part switch
            {
                CommandSubstitutionPart c => InList(c.Body ?? ShellParser.Parse(c.Text).Tree, depth + 1, Unbound),
                ProcessSubstitutionPart p => InList(p.Body ?? ShellParser.Parse(p.Text).Tree, depth + 1, Unbound),
                ParameterPart p => InParts(p.Expansions, depth + 1),
                ArithmeticPart a => InParts(a.Expansions, depth + 1),
                _ => null,
            };
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }
}
