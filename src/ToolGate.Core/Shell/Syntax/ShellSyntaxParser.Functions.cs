using System.Collections.Immutable;

namespace ToolGate.Core.Shell.Syntax;

// Function definitions and the bash test commands [[ ]] and (( )).
internal sealed partial class ShellSyntaxParser
{
    /// <summary><c>[[ … ]]</c>: kept as text, with its operand words.</summary>
    private TestCommand? ParseTestCommand(int start)
    {
        ConsumeReservedWord("[[");
        if (!Enter(start))
        {
            return null;
        }

        var textStart = pos;
        var words = ImmutableArray.CreateBuilder<Word>();
        var regex = false;
        while (true)
        {
            SkipBlanks();
            var c = Cur();
            if (c == Eof)
            {
                FailExpected("expected ']]' to close '[['", start);
                return null;
            }

            if (c == '\n')
            {
                if (!ConsumeNewline())
                {
                    return null;
                }

                continue;
            }

            if (AtReservedWord("]]"))
            {
                break;
            }

            if ((c == '&' && PeekAfter() == '&') || (c == '|' && PeekAfter() == '|'))
            {
                Next();
                Cur();
                Next();
                regex = false;
                continue;
            }

            if (c is '(' or ')' || (c is '<' or '>' && PeekAfter() != '('))
            {
                Next();
                continue;
            }

            if (c is ';' or '&' or '|')
            {
                FailUnexpected("inside '[['");
                return null;
            }

            var wordContext = WordContext.NoBraceExpansion | (regex ? WordContext.RegularExpression : WordContext.None);
            if (!TryReadWord(wordContext, out var word, out _) || word is null)
            {
                return null;
            }

            words.Add(word);
            regex = PlainText(word) == "=~";
        }

        var textEnd = pos;
        ConsumeReservedWord("]]");
        if (words.Count == 0)
        {
            Fail("empty '[[ ]]'", start);
            return null;
        }

        Leave();
        return new TestCommand("[[", Slice(textStart, textEnd).Trim()) { Words = words.ToImmutable() };
    }

    private TestCommand? ParseArithmeticCommand(int start)
    {
        Next();
        Cur();
        Next();
        if (!ReadArithmeticBody(start, "((", out var arithmetic, out var expansions))
        {
            return null;
        }

        return new TestCommand("((", arithmetic) { Expansions = expansions };
    }

    /// <summary><c>name () compound</c>, at the <c>(</c> after the name.</summary>
    private FunctionDefinition? ParseFunctionParentheses(Word nameWord)
    {
        var at = pos;
        if (PlainText(nameWord) is not { } name)
        {
            FailUnexpected($"'{nameWord.Source}' is not a valid function name");
            return null;
        }

        Next();
        SkipBlanks();
        if (Cur() != ')')
        {
            Fail("expected ')' after '(' in a function definition", at);
            return null;
        }

        Next();
        return ParseFunctionBody(name);
    }

    /// <summary><c>function name [()] compound</c></summary>
    private FunctionDefinition? ParseFunctionKeyword()
    {
        ConsumeReservedWord("function");
        SkipBlanks();
        var at = pos;
        if (IsDelimiter(Cur()))
        {
            Fail("expected a function name after 'function'", at);
            return null;
        }

        if (!TryReadWord(WordContext.None, out var nameWord, out _) || nameWord is null)
        {
            return null;
        }

        if (PlainText(nameWord) is not { } name)
        {
            Fail($"'{nameWord.Source}' is not a valid function name", at);
            return null;
        }

        SkipBlanks();
        if (Cur() == '(')
        {
            var open = pos;
            Next();
            SkipBlanks();
            if (Cur() != ')')
            {
                Fail("expected ')' after '(' in a function definition", open);
                return null;
            }

            Next();
        }

        return ParseFunctionBody(name);
    }

    private FunctionDefinition? ParseFunctionBody(string name)
    {
        if (!SkipBlanksAndNewlines())
        {
            return null;
        }

        var at = pos;
        if (TryParseCompoundCommand(out var body))
        {
            return body is null ? null : new FunctionDefinition(name, body);
        }

        if (!Failed)
        {
            Fail($"expected a compound command as the body of function '{name}'", at);
        }

        return null;
    }
}
