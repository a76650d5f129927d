using System.Collections.Immutable;

namespace ToolGate.Core.Shell.Syntax;

// for / select loops and case statements.
internal sealed partial class ShellSyntaxParser
{
    /// <summary><c>for name [in words]; do …; done</c>, <c>for ((…)); do …; done</c> and <c>select</c> (parsed as a loop).</summary>
    private ForClause? ParseFor(int start, string keyword)
    {
        ConsumeReservedWord(keyword);
        if (!Enter(start))
        {
            return null;
        }

        SkipBlanks();
        if (keyword == "for" && Cur() == '(' && PeekAfter() == '(')
        {
            return ParseArithmeticFor(start);
        }

        var at = pos;
        if (IsDelimiter(Cur()) || !TryReadWord(WordContext.None, out var nameWord, out _) || nameWord is null)
        {
            if (!Failed)
            {
                Fail($"expected a variable name after '{keyword}'", at);
            }

            return null;
        }

        if (PlainText(nameWord) is not { } name || !IsName(name))
        {
            Fail($"'{nameWord.Source}' is not a valid variable name for '{keyword}'", at);
            return null;
        }

        if (!SkipBlanksAndNewlines())
        {
            return null;
        }

        ImmutableArray<Word>? items = null;
        if (AtReservedWord("in"))
        {
            ConsumeReservedWord("in");
            if (ReadForItems() is not { } read)
            {
                return null;
            }

            items = read;
        }
        else if (Cur() == ';')
        {
            Next();
        }

        if (!SkipBlanksAndNewlines()
            || !ExpectReservedWord("do", $"expected 'do' in '{keyword}'", start)
            || ParseBody("done", keyword, start) is not { } body)
        {
            return null;
        }

        Leave();
        return new ForClause(name, items, body) { Select = keyword == "select" };
    }

    /// <summary>The words after <c>in</c>, up to and including the <c>;</c> or newline that ends them.</summary>
    private ImmutableArray<Word>? ReadForItems()
    {
        var items = ImmutableArray.CreateBuilder<Word>();
        while (true)
        {
            SkipBlanks();
            var c = Cur();
            if (c == ';')
            {
                Next();
                break;
            }

            if (c == '\n')
            {
                if (!ConsumeNewline())
                {
                    return null;
                }

                break;
            }

            if (c == Eof || (IsOperatorChar(c) && !(c is '<' or '>' && PeekAfter() == '(')))
            {
                FailUnexpected("expected a word, ';' or a newline in the 'for' list");
                return null;
            }

            if (!TryReadWord(WordContext.None, out var item, out _) || item is null)
            {
                return null;
            }

            items.Add(item);
        }

        return items.ToImmutable();
    }

    private ForClause? ParseArithmeticFor(int start)
    {
        var at = pos;
        Next();
        Cur();
        Next();
        if (!ReadArithmeticBody(at, "((", out var arithmetic, out var expansions))
        {
            return null;
        }

        SkipBlanks();
        if (Cur() == ';')
        {
            Next();
        }

        if (!SkipBlanksAndNewlines()
            || !ExpectReservedWord("do", "expected 'do' in 'for'", start)
            || ParseBody("done", "for", start) is not { } body)
        {
            return null;
        }

        Leave();
        return new ForClause(string.Empty, null, body, arithmetic) { ArithmeticExpansions = expansions };
    }

    private CaseClause? ParseCase(int start)
    {
        ConsumeReservedWord("case");
        if (!Enter(start))
        {
            return null;
        }

        SkipBlanks();
        var at = pos;
        if (IsDelimiter(Cur()))
        {
            Fail("expected a word after 'case'", at);
            return null;
        }

        if (!TryReadWord(WordContext.NoBraceExpansion, out var subject, out _) || subject is null
            || !SkipBlanksAndNewlines()
            || !ExpectReservedWord("in", "expected 'in' after the 'case' word", start))
        {
            return null;
        }

        var arms = ImmutableArray.CreateBuilder<(ImmutableArray<Word> Patterns, CommandList Body)>();
        var terminators = ImmutableArray.CreateBuilder<string>();
        while (true)
        {
            if (!SkipBlanksAndNewlines())
            {
                return null;
            }

            if (AtReservedWord("esac"))
            {
                ConsumeReservedWord("esac");
                break;
            }

            if (ReadCasePatterns(start) is not { } patterns || ParseCompoundList() is not { } body)
            {
                return null;
            }

            arms.Add((patterns, body));
            SkipBlanks();
            if (Cur() == ';' && PeekAfter() is ';' or '&')
            {
                // ;; ends the arm, ;& falls through, ;;& tests the next patterns.
                Next();
                var second = Cur();
                Next();
                if (second == ';' && Cur() == '&')
                {
                    Next();
                    terminators.Add(";;&");
                }
                else
                {
                    terminators.Add(second == ';' ? ";;" : ";&");
                }

                continue;
            }

            if (!ExpectReservedWord("esac", "expected 'esac' to close 'case'", start))
            {
                return null;
            }

            terminators.Add(string.Empty);
            break;
        }

        Leave();
        return new CaseClause(subject, arms.ToImmutable()) { Terminators = terminators.ToImmutable() };
    }

    /// <summary><c>[(] pattern [| pattern]… )</c></summary>
    private ImmutableArray<Word>? ReadCasePatterns(int caseAt)
    {
        if (Cur() == Eof)
        {
            FailExpected("expected 'esac' to close 'case'", caseAt);
            return null;
        }

        if (Cur() == '(')
        {
            Next();
        }

        var patterns = ImmutableArray.CreateBuilder<Word>();
        while (true)
        {
            SkipBlanks();
            if (IsDelimiter(Cur()))
            {
                FailUnexpected("expected a case pattern");
                return null;
            }

            if (!TryReadWord(WordContext.NoBraceExpansion, out var pattern, out _) || pattern is null)
            {
                return null;
            }

            patterns.Add(pattern);
            SkipBlanks();
            var c = Cur();
            if (c is not (')' or '|'))
            {
                FailUnexpected("expected '|' or ')' after a case pattern");
                return null;
            }

            Next();
            if (c == ')')
            {
                return patterns.ToImmutable();
            }
        }
    }
}
