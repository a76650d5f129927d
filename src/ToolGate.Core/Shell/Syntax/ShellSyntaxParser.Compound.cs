using System.Collections.Immutable;

namespace ToolGate.Core.Shell.Syntax;

// Compound commands: ( ), { }, if, while / until. Each compound command is one level of nesting.
internal sealed partial class ShellSyntaxParser
{
    /// <summary>
    /// True when a compound command starts here; <paramref name="node"/> is then the command with its trailing
    /// redirections, or null when it failed to parse.
    /// </summary>
    private bool TryParseCompoundCommand(out CommandNode? node)
    {
        node = null;
        var start = pos;
        CommandNode? parsed;
        switch (Cur())
        {
            case '(':
                parsed = PeekAfter() == '(' ? ParseArithmeticCommand(start) : ParseSubshell(start);
                break;
            case '{' when AtReservedWord("{"):
                parsed = ParseBraceGroup(start);
                break;
            case '[' when AtReservedWord("[["):
                parsed = ParseTestCommand(start);
                break;
            case 'i' when AtReservedWord("if"):
                parsed = ParseIf(start);
                break;
            case 'w' when AtReservedWord("while"):
                parsed = ParseWhile(start, "while");
                break;
            case 'u' when AtReservedWord("until"):
                parsed = ParseWhile(start, "until");
                break;
            case 'f' when AtReservedWord("for"):
                parsed = ParseFor(start, "for");
                break;
            case 's' when AtReservedWord("select"):
                parsed = ParseFor(start, "select");
                break;
            case 'c' when AtReservedWord("case"):
                parsed = ParseCase(start);
                break;
            default:
                return false;
        }

        if (parsed is not null && ParseTrailingRedirections() is { } redirections)
        {
            node = redirections.IsEmpty ? parsed : parsed with { Redirections = redirections };
        }

        return true;
    }

    private Subshell? ParseSubshell(int start)
    {
        Next();
        if (!Enter(start) || ParseCompoundList() is not { } body || !RequireCommands(body, "expected ')' to close '('", start))
        {
            return null;
        }

        if (Cur() != ')')
        {
            FailExpected("expected ')' to close '('", start);
            return null;
        }

        Next();
        Leave();
        return new Subshell(body);
    }

    private BraceGroup? ParseBraceGroup(int start)
    {
        ConsumeReservedWord("{");
        if (!Enter(start) || ParseBody("}", "{", start) is not { } body)
        {
            return null;
        }

        Leave();
        return new BraceGroup(body);
    }

    private IfClause? ParseIf(int start)
    {
        ConsumeReservedWord("if");
        if (!Enter(start))
        {
            return null;
        }

        var branches = ImmutableArray.CreateBuilder<(CommandList Condition, CommandList Body)>();
        CommandList? otherwise = null;
        while (true)
        {
            if (ParseBody("then", "if", start, "expected 'then' after the 'if' condition") is not { } condition
                || ParseCompoundList() is not { } body
                || !RequireCommands(body, "expected 'fi' to close 'if'", start))
            {
                return null;
            }

            branches.Add((condition, body));
            if (AtReservedWord("elif"))
            {
                ConsumeReservedWord("elif");
                continue;
            }

            if (AtReservedWord("else"))
            {
                ConsumeReservedWord("else");
                if (ParseBody("fi", "if", start) is not { } elseBody)
                {
                    return null;
                }

                otherwise = elseBody;
                break;
            }

            if (!ExpectReservedWord("fi", "expected 'fi' to close 'if'", start))
            {
                return null;
            }

            break;
        }

        Leave();
        return new IfClause(branches.ToImmutable(), otherwise);
    }

    private WhileClause? ParseWhile(int start, string keyword)
    {
        ConsumeReservedWord(keyword);
        if (!Enter(start)
            || ParseBody("do", keyword, start, $"expected 'do' after the '{keyword}' condition") is not { } condition
            || ParseBody("done", keyword, start, $"expected 'done' to close '{keyword}'") is not { } body)
        {
            return null;
        }

        Leave();
        return new WhileClause(condition, body, keyword == "until");
    }

    /// <summary>A non-empty compound list closed by the reserved word <paramref name="closer"/>.</summary>
    private CommandList? ParseBody(string closer, string construct, int start, string? expectation = null)
    {
        expectation ??= $"expected '{closer}' to close '{construct}'";
        if (ParseCompoundList() is not { } list || !RequireCommands(list, expectation, start) || !ExpectReservedWord(closer, expectation, start))
        {
            return null;
        }

        return list;
    }

    private bool RequireCommands(CommandList list, string expectation, int start)
    {
        if (!list.Items.IsEmpty)
        {
            return true;
        }

        return Cur() == Eof ? Fail(expectation, start) : FailUnexpected();
    }

    private bool ExpectReservedWord(string word, string expectation, int start)
    {
        SkipBlanks();
        if (!AtReservedWord(word))
        {
            return FailExpected(expectation, start);
        }

        ConsumeReservedWord(word);
        return true;
    }
}
