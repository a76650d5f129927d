using System.Collections.Immutable;

namespace ToolGate.Core.Shell.Syntax;

// Lists, and-or lists, pipelines and simple commands.
internal sealed partial class ShellSyntaxParser
{
    /// <summary>The whole string as a program. <paramref name="allowEmpty"/> for nested strings (<c>``</c> runs nothing).</summary>
    public CommandList? ParseProgram(bool allowEmpty)
    {
        var list = ParseCompoundList();
        if (list is null || Failed)
        {
            return null;
        }

        if (Cur() != Eof)
        {
            FailUnexpected();
            return null;
        }

        if (!CheckHereDocumentsComplete())
        {
            return null;
        }

        if (list.Items.IsEmpty && !allowEmpty)
        {
            Fail("no command (only comments)", 0);
            return null;
        }

        return ResolveHereDocuments(list);
    }

    /// <summary>
    /// And-or lists separated by <c>;</c>, <c>&amp;</c> or newlines, up to the end of the input, a <c>)</c>, a case
    /// arm terminator or a closing reserved word (the caller checks which). May be empty.
    /// </summary>
    private CommandList? ParseCompoundList()
    {
        var items = ImmutableArray.CreateBuilder<ListItem>();
        while (true)
        {
            if (!SkipBlanksAndNewlines())
            {
                return null;
            }

            if (AtListEnd())
            {
                break;
            }

            var command = ParseAndOr();
            if (command is null)
            {
                return null;
            }

            SkipBlanks();
            var c = Cur();
            if (c == '&')
            {
                Next();
                items.Add(new ListItem(command, Background: true));
                continue;
            }

            items.Add(new ListItem(command, Background: false));
            if (c == ';' && PeekAfter() is not (';' or '&'))
            {
                Next();
                continue;
            }

            if (c == '\n')
            {
                continue; // consumed (with any here-document bodies) at the top of the loop
            }

            break;
        }

        return Failed ? null : new CommandList(items.ToImmutable());
    }

    private bool AtListEnd()
    {
        var c = Cur();
        return c is Eof or ')'
            || (c == ';' && PeekAfter() is ';' or '&')
            || AtClosingReservedWord();
    }

    /// <summary>A reserved word that ends a compound list (or cannot start a command): <c>} then elif else fi do done esac in</c>.</summary>
    private bool AtClosingReservedWord() => Cur() switch
    {
        '}' => AtReservedWord("}"),
        't' => AtReservedWord("then"),
        'e' => AtReservedWord("elif") || AtReservedWord("else") || AtReservedWord("esac"),
        'f' => AtReservedWord("fi"),
        'd' => AtReservedWord("do") || AtReservedWord("done"),
        'i' => AtReservedWord("in"),
        _ => false,
    };

    private AndOrList? ParseAndOr()
    {
        var first = ParsePipeline(after: null);
        if (first is null)
        {
            return null;
        }

        ImmutableArray<Pipeline>.Builder? pipelines = null;
        ImmutableArray<string>.Builder? operators = null;
        while (true)
        {
            SkipBlanks();
            var c = Cur();
            if (!((c == '&' && PeekAfter() == '&') || (c == '|' && PeekAfter() == '|')))
            {
                break;
            }

            if (pipelines is null)
            {
                pipelines = ImmutableArray.CreateBuilder<Pipeline>();
                operators = ImmutableArray.CreateBuilder<string>();
                pipelines.Add(first);
            }

            var op = c == '&' ? "&&" : "||";
            Next();
            Cur();
            Next();
            if (!SkipBlanksAndNewlines() || ParsePipeline(op) is not { } next)
            {
                return null;
            }

            operators!.Add(op);
            pipelines.Add(next);
        }

        return pipelines is null ? new AndOrList([first], []) : new AndOrList(pipelines.ToImmutable(), operators!.ToImmutable());
    }

    private Pipeline? ParsePipeline(string? after)
    {
        SkipBlanks();
        var negated = false;
        while (AtReservedWord("!"))
        {
            ConsumeReservedWord("!");
            negated = !negated;
            after = "!";
            SkipBlanks();
        }

        var command = ParseCommand(after);
        if (command is null)
        {
            return null;
        }

        SkipBlanks();
        if (Cur() != '|' || PeekAfter() == '|')
        {
            return new Pipeline([command], [], negated); // the usual pipeline: one command, no builders
        }

        var commands = ImmutableArray.CreateBuilder<CommandNode>();
        var operators = ImmutableArray.CreateBuilder<string>();
        commands.Add(command);
        while (true)
        {
            SkipBlanks();
            if (Cur() != '|' || PeekAfter() == '|')
            {
                break;
            }

            Next();
            var op = "|";
            if (Cur() == '&')
            {
                Next();
                op = "|&";
            }

            if (!SkipBlanksAndNewlines() || ParseCommand(op) is not { } next)
            {
                return null;
            }

            operators.Add(op);
            commands.Add(next);
        }

        return new Pipeline(commands.ToImmutable(), operators.ToImmutable(), negated);
    }

    /// <param name="after">The operator before the command, for "expected a command after '&amp;&amp;'".</param>
    private CommandNode? ParseCommand(string? after)
    {
        SkipBlanks();
        var c = Cur();
        if (c is Eof or '\n' && after is not null)
        {
            Fail($"expected a command after '{after}'", pos);
            return null;
        }

        if (c is Eof or '\n' or ';' or '|' or ')' || (c == '&' && PeekAfter() != '>'))
        {
            FailUnexpected();
            return null;
        }

        if (TryParseCompoundCommand(out var compound))
        {
            return compound;
        }

        if (Failed)
        {
            return null;
        }

        if (AtReservedWord("function"))
        {
            return ParseFunctionKeyword();
        }

        if (AtClosingReservedWord() || AtReservedWord("!"))
        {
            FailUnexpected();
            return null;
        }

        return ParseSimpleCommand();
    }

    private CommandNode? ParseSimpleCommand()
    {
        // Assignments and redirections are rare: their builders are made when the first one appears.
        ImmutableArray<Assignment>.Builder? assignments = null;
        var words = context.RentWords();
        ImmutableArray<Redirection>.Builder? redirections = null;
        while (!Failed)
        {
            SkipBlanks();
            var c = Cur();
            var at = pos;
            if (c is Eof or '\n' or ';' or '|' or ')' || (c == '&' && PeekAfter() != '>'))
            {
                break;
            }

            if (c == '(')
            {
                // name() compound: a function definition.
                if (words.Count == 1 && assignments is null && redirections is null)
                {
                    return ParseFunctionParentheses(words[0]);
                }

                FailUnexpected();
                return null;
            }

            if (c == '&' || (c is '<' or '>' && PeekAfter() != '('))
            {
                if (ParseRedirection(null, null) is not { } redirection)
                {
                    return null;
                }

                (redirections ??= ImmutableArray.CreateBuilder<Redirection>()).Add(redirection);
                continue;
            }

            var wordContext = words.Count == 0 ? WordContext.CommandPrefix : WordContext.Argument;
            if (!TryReadWord(wordContext, out var word, out var assignment))
            {
                return null;
            }

            if (assignment is not null)
            {
                (assignments ??= ImmutableArray.CreateBuilder<Assignment>()).Add(assignment);
                continue;
            }

            if (word is null)
            {
                return null;
            }

            if (Cur() is '<' or '>' && RedirectionSource(word, at) is { } source)
            {
                if (source.Error || ParseRedirection(source.Descriptor, source.Variable) is not { } redirection)
                {
                    return null;
                }

                (redirections ??= ImmutableArray.CreateBuilder<Redirection>()).Add(redirection);
                continue;
            }

            words.Add(word);
        }

        if (Failed)
        {
            return null;
        }

        return new SimpleCommand(assignments?.ToImmutable() ?? [], context.ReturnWords(words))
        {
            Redirections = redirections?.ToImmutable() ?? [],
        };
    }

    private readonly record struct RedirectionSourceWord(int? Descriptor, string? Variable, bool Error);

    /// <summary>
    /// A word written right before <c>&lt;</c> or <c>&gt;</c> that names the redirected descriptor: digits
    /// (<c>2&gt;</c>) or bash's <c>{name}&gt;</c>. Null when the word is an ordinary argument.
    /// </summary>
    private RedirectionSourceWord? RedirectionSource(Word word, int at)
    {
        if (PlainText(word) is not { Length: > 0 } plain)
        {
            return null;
        }

        if (plain.Length > 2 && plain[0] == '{' && plain[^1] == '}' && IsName(plain[1..^1]))
        {
            return new RedirectionSourceWord(null, plain[1..^1], Error: false);
        }

        long descriptor = 0;
        foreach (var digit in plain)
        {
            if (!char.IsAsciiDigit(digit))
            {
                return null;
            }

            descriptor = Math.Min((descriptor * 10) + (digit - '0'), (long)int.MaxValue + 1);
        }

        if (descriptor > int.MaxValue)
        {
            Fail($"file descriptor '{plain}' out of range", at);
            return new RedirectionSourceWord(null, null, Error: true);
        }

        return new RedirectionSourceWord((int)descriptor, null, Error: false);
    }
}
