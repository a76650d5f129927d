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
/// shell's <c>-c</c> script.
/// </summary>
internal sealed class GuardrailCommandFinder(ShellKnowledge knowledge)
{
    private const int MaxDepth = 32;

    /// <summary>A guardrail program in command position, or null. Unparseable lines have none (they are denied anyway).</summary>
    public string? Find(string line) => ShellParser.Parse(line).Tree is { } tree ? InList(tree, 0) : null;

    private string? InList(CommandList? list, int depth)
    {
        if (list is null || depth > MaxDepth)
        {
            return null;
        }

        foreach (var command in list.Items.SelectMany(i => i.Command.Pipelines).SelectMany(p => p.Commands))
        {
            if (InCommand(command, depth) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private string? InCommand(CommandNode node, int depth)
    {
        var found = node switch
        {
            SimpleCommand simple => InSimple(simple, depth),
            Subshell s => InList(s.Body, depth),
            BraceGroup b => InList(b.Body, depth),
            IfClause i => First(i.Branches.SelectMany(b => new[] { b.Condition, b.Body }).Append(i.Else), depth),
            ForClause f => InList(f.Body, depth) ?? InWords(f.Items ?? [], depth) ?? InParts(f.ArithmeticExpansions, depth),
            WhileClause w => InList(w.Condition, depth) ?? InList(w.Body, depth),
            CaseClause c => InWords([c.Subject], depth) ?? First(c.Arms.Select(a => a.Body), depth) ?? InWords([.. c.Arms.SelectMany(a => a.Patterns)], depth),
            FunctionDefinition f => InCommand(f.Body, depth),
            TestCommand t => InWords(t.Words, depth) ?? InParts(t.Expansions, depth),
            _ => null,
        };

        foreach (var redirection in node.Redirections)
        {
            found ??= InWords([redirection.Target], depth) ?? InParts(redirection.HereDocumentParts, depth);
        }

        return found;
    }

    private string? First(IEnumerable<CommandList?> lists, int depth) =>
        lists.Select(l => InList(l, depth)).FirstOrDefault(f => f is not null);

    private string? InSimple(SimpleCommand command, int depth)
    {
        var found = InWords([.. command.Assignments.Select(a => a.Value)], depth) ?? InWords(command.Words, depth);
        if (found is not null)
        {
            return found;
        }

        var argv = ImmutableArray.CreateBuilder<string>();
        foreach (var word in command.Words)
        {
            var fields = WordExpander.Expand(word, out var error);
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
            return ShellScript(argv) is { } script && ShellParser.Parse(script).Tree is { } tree ? InList(tree, depth + 1) : null;
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
                CommandSubstitutionPart c => InList(c.Body ?? ShellParser.Parse(c.Text).Tree, depth + 1),
                ProcessSubstitutionPart p => InList(p.Body ?? ShellParser.Parse(p.Text).Tree, depth + 1),
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
