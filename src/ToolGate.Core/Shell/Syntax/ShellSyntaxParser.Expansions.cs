using System.Text;

namespace ToolGate.Core.Shell.Syntax;

// Double quotes, $'…' and the parameter expansions.
internal sealed partial class ShellSyntaxParser
{
    private bool ReadDoubleQuoted(WordBuilder builder)
    {
        var open = pos;
        Next();
        builder.AddLiteral(ReadOnlySpan<char>.Empty, true, open, pos); // "" is an (empty) word of its own
        if (!ReadQuotedContent(builder, hereDocument: false))
        {
            return false;
        }

        if (Cur() != '"')
        {
            return Fail("unterminated double quote", open);
        }

        Next();
        return true;
    }

    /// <summary>
    /// Double-quoted text up to the closing quote, or an unquoted here-document body to its end (where <c>"</c>
    /// is ordinary): a backslash escapes only <c>$ ` " \</c>; <c>$</c> and <c>`</c> expand.
    /// </summary>
    private bool ReadQuotedContent(WordBuilder builder, bool hereDocument)
    {
        while (!Failed)
        {
            var c = Cur();
            var at = pos;
            if (c == Eof || (c == '"' && !hereDocument))
            {
                return true;
            }

            switch (c)
            {
                case '\\':
                    Next();
                    var escaped = pos < text.Length ? text[pos] : Eof;
                    if (escaped is '$' or '`' or '\\' || (escaped == '"' && !hereDocument))
                    {
                        Next();
                        builder.AddLiteral(escaped, true, at, pos);
                    }
                    else
                    {
                        builder.AddLiteral('\\', true, at, pos);
                    }

                    break;
                case '$':
                    if (!ReadDollar(builder, quoted: true))
                    {
                        return false;
                    }

                    break;
                case '`':
                    if (!ReadBackquoted(builder, inDoubleQuotes: !hereDocument))
                    {
                        return false;
                    }

                    break;
                default:
                    Next();
                    builder.AddLiteral(c, true, at, pos);
                    break;
            }
        }

        return false;
    }

    /// <summary>At a <c>$</c>: an expansion, <c>$'…'</c>, <c>$"…"</c>, or a literal <c>$</c>.</summary>
    private bool ReadDollar(WordBuilder builder, bool quoted)
    {
        var start = pos;
        Next();
        var c = Cur();
        switch (c)
        {
            case '\'' when !quoted:
                return ReadAnsiCQuoted(builder, start);
            case '"' when !quoted:
                return ReadDoubleQuoted(builder); // $"…": translated by the locale, otherwise "…"
            case '(':
                return PeekAfter() == '(' ? ReadArithmeticExpansion(builder, start) : ReadCommandSubstitution(builder, start);
            case '[':
                return ReadArithmeticExpansion(builder, start);
            case '{':
                return ReadBraceParameter(builder, start, quoted);
        }

        if (IsNameStart(c))
        {
            var parameter = new StringBuilder("$");
            while (IsNameChar(Cur()))
            {
                parameter.Append(text[pos]);
                Next();
            }

            builder.AddPart(new ParameterPart(parameter.ToString(), quoted), start, lastEnd);
            return true;
        }

        if (char.IsAsciiDigit(c) || c is '@' or '*' or '#' or '?' or '$' or '!' or '-')
        {
            Next();
            builder.AddPart(new ParameterPart($"${c}", quoted), start, lastEnd);
            return true;
        }

        builder.AddLiteral('$', quoted, start, start + 1);
        return true;
    }

    /// <summary><c>$'…'</c>: ANSI-C escapes decoded into quoted literal text.</summary>
    private bool ReadAnsiCQuoted(WordBuilder builder, int start)
    {
        var open = pos;
        var close = AnsiCQuote.FindClose(text, open + 1);
        if (close < 0)
        {
            MoveTo(text.Length);
            return Fail("unterminated ANSI-C quote", start);
        }

        builder.AddLiteral(AnsiCQuote.Decode(text.AsSpan(open + 1, close - open - 1)), true, start, close + 1);
        MoveTo(close + 1);
        return true;
    }

    /// <summary><c>${…}</c> up to the first <c>}</c> outside quotes and nested expansions; at the <c>{</c>.</summary>
    private bool ReadBraceParameter(WordBuilder builder, int start, bool quoted)
    {
        Next();
        if (!Enter(start))
        {
            return false;
        }

        var nested = new WordBuilder(expansionsOnly: true);
        var closed = false;
        while (!closed && !Failed)
        {
            switch (Cur())
            {
                case Eof:
                    return FailExpected("expected '}' to close '${'", start);
                case '}':
                    // The first unquoted '}' closes (bash: "${x:-{a}}" is "{a" followed by "}").
                    closed = true;
                    Next();
                    break;
                default:
                    // Quotes inside ${…} pair up even within double quotes (bash looks for the matching quote).
                    if (!ReadNestedToken(nested, quoted))
                    {
                        return false;
                    }

                    break;
            }
        }

        if (Failed)
        {
            return false;
        }

        Leave();
        builder.AddPart(new ParameterPart(Slice(start, pos), quoted) { Expansions = nested.Expansions() }, start, pos);
        return true;
    }
}
