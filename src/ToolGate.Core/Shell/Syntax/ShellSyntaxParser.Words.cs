using System.Collections.Immutable;

namespace ToolGate.Core.Shell.Syntax;

// Words: quoting, escapes, glob and brace characters, tilde prefixes and assignments.
internal sealed partial class ShellSyntaxParser
{
    [Flags]
    private enum WordContext
    {
        None = 0,

        /// <summary>Before the command word: <c>NAME=value</c> is an assignment.</summary>
        CommandPrefix = 1,

        /// <summary>An argument of a simple command: <c>NAME=value</c> stays a word, but (as in bash) a tilde after <c>=</c> or <c>:</c> expands.</summary>
        Argument = 2,

        /// <summary>Case words, <c>[[ ]]</c> operands and here-document delimiters: no brace expansion.</summary>
        NoBraceExpansion = 4,

        /// <summary>The right side of <c>=~</c> in <c>[[ ]]</c>: <c>( ) |</c>, and blanks inside parentheses, belong to the word.</summary>
        RegularExpression = 8,
    }

    /// <summary>Where a word is in recognising <c>NAME=</c>, <c>NAME+=</c> or <c>NAME[subscript]=</c>.</summary>
    private enum NameState
    {
        None,
        Name,
        Subscript,
        AfterSubscript,
    }

    /// <summary>
    /// Reads one word from the current character, which the caller has checked can start a word. In
    /// <see cref="WordContext.CommandPrefix"/> a <c>NAME=value</c> word comes back as <paramref name="assignment"/>.
    /// </summary>
    private bool TryReadWord(WordContext wordContext, out Word? word, out Assignment? assignment)
    {
        word = null;
        assignment = null;
        Cur();
        var start = pos;
        var builder = context.RentWordBuilder();
        var prefix = (wordContext & WordContext.CommandPrefix) != 0;
        var nameState = prefix || (wordContext & WordContext.Argument) != 0 ? NameState.Name : NameState.None;
        var nameLength = 0;
        var braces = (wordContext & WordContext.NoBraceExpansion) == 0;
        var globs = true;
        var regex = (wordContext & WordContext.RegularExpression) != 0;
        var regexDepth = 0;
        var subscriptDepth = 0; // inside NAME[…] before the command word: bash matches the brackets across blanks
        var subscriptAt = 0;
        var tildeAllowed = true;
        var afterEquals = false; // in an assignment value (or an assignment-like argument): tilde after ':' too
        string? name = null;
        var append = false;
        var valueStart = start;
        while (!Failed)
        {
            var c = Cur();
            var at = pos;
            if (c == Eof)
            {
                break;
            }

            // A run of characters that mean nothing special here is taken in one step (as the loop below would, one by one).
            if (!regex && subscriptDepth == 0 && !afterEquals && PlainRunEnd(nameState, nameLength) is var runEnd && runEnd > at)
            {
                nameLength += nameState == NameState.Name ? runEnd - at : 0;
                tildeAllowed = false;
                builder.AddLiteral(text.AsSpan(at, runEnd - at), false, at, runEnd);
                MoveTo(runEnd);
                continue;
            }

            if (regex && (c == '(' || (c == ')' && regexDepth > 0) || c == '|' || (regexDepth > 0 && (IsBlank(c) || c is '<' or '>'))))
            {
                regexDepth += c == '(' ? 1 : c == ')' ? -1 : 0;
                builder.AddLiteral(c, false, at, at + 1);
                Next();
                continue;
            }

            if (subscriptDepth > 0 && (IsBlank(c) || c == '\n' || IsOperatorChar(c)))
            {
                builder.AddLiteral(c, false, at, at + 1);
                Next();
                continue;
            }

            if (IsBlank(c) || c == '\n')
            {
                break;
            }

            if (IsOperatorChar(c))
            {
                if (c is '<' or '>' && PeekAfter() == '(')
                {
                    nameState = NameState.None;
                    tildeAllowed = false;
                    if (!ReadProcessSubstitution(builder))
                    {
                        return false;
                    }

                    continue;
                }

                break;
            }

            if (nameState != NameState.None)
            {
                var equals = c == '=' || (c == '+' && PeekAfter() == '=');
                if (nameState == NameState.Name && IsNameChar(c) && (nameLength > 0 || !char.IsAsciiDigit(c)))
                {
                    nameLength++;
                }
                else if (equals && ((nameState == NameState.Name && nameLength > 0) || nameState == NameState.AfterSubscript))
                {
                    nameState = NameState.None;
                    afterEquals = tildeAllowed = true;
                    if (!prefix)
                    {
                        // An assignment-like argument: an ordinary word, but a tilde after '=' expands.
                        builder.AddLiteral(c, false, at, at + 1);
                        Next();
                        if (c == '+')
                        {
                            Cur();
                            builder.AddLiteral('=', false, pos, pos + 1);
                            Next();
                        }

                        continue;
                    }

                    name = RemoveContinuations(start, at);
                    append = c == '+';
                    Next();
                    if (append)
                    {
                        Cur();
                        Next();
                    }

                    valueStart = pos;
                    context.ReturnWordBuilder(builder);
                    builder = context.RentWordBuilder();
                    braces = globs = false;
                    if (Cur() == '(')
                    {
                        return Fail($"array assignment '{name}=(…)' is not supported", at);
                    }

                    continue;
                }
                else if (nameState == NameState.Name && nameLength > 0 && c == '[')
                {
                    nameState = NameState.Subscript;
                    subscriptDepth = prefix ? 1 : 0;
                    subscriptAt = at;
                }
                else if (nameState == NameState.Subscript && prefix)
                {
                    // Quotes and expansions inside are read whole below, so brackets in them do not count.
                    subscriptDepth += c == '[' ? 1 : c == ']' ? -1 : 0;
                    nameState = subscriptDepth == 0 ? NameState.AfterSubscript : NameState.Subscript;
                }
                else if (nameState == NameState.Subscript)
                {
                    nameState = c == ']' ? NameState.AfterSubscript
                        : c is '\'' or '"' or '\\' or '$' or '`' or '[' ? NameState.None
                        : NameState.Subscript;
                }
                else
                {
                    nameState = NameState.None;
                }
            }

            var tilde = tildeAllowed;
            tildeAllowed = false;
            switch (c)
            {
                case '\'':
                    if (!ReadSingleQuoted(builder))
                    {
                        return false;
                    }

                    break;
                case '"':
                    if (!ReadDoubleQuoted(builder))
                    {
                        return false;
                    }

                    break;
                case '\\':
                    ReadEscape(builder);
                    break;
                case '$':
                    if (!ReadDollar(builder, quoted: false))
                    {
                        return false;
                    }

                    break;
                case '`':
                    if (!ReadBackquoted(builder, inDoubleQuotes: false))
                    {
                        return false;
                    }

                    break;
                case '~' when tilde:
                    ReadTilde(builder, afterEquals);
                    break;
                case '*' or '?' when globs:
                    builder.AddGlob(c, at);
                    Next();
                    break;
                case '[' or ']' when globs:
                    builder.AddMarker(c == '[' ? WordPieceKind.OpenBracket : WordPieceKind.CloseBracket, c, at);
                    Next();
                    break;
                case '{' or ',' or '}' when braces:
                    builder.AddMarker(c == '{' ? WordPieceKind.OpenBrace : c == ',' ? WordPieceKind.Comma : WordPieceKind.CloseBrace, c, at);
                    Next();
                    break;
                default:
                    builder.AddLiteral(c, false, at, at + 1);
                    Next();
                    tildeAllowed = c == ':' && afterEquals;
                    break;
            }
        }

        if (Failed)
        {
            return false;
        }

        if (subscriptDepth > 0)
        {
            return Fail("expected ']' to close the subscript '['", subscriptAt);
        }

        var from = name is null ? start : valueStart;
        var parts = builder.Build(text);
        context.ReturnWordBuilder(builder);
        var built = new Word(parts) { Source = SourceOf(parts, from, lastEnd) };
        if (name is not null)
        {
            assignment = new Assignment(name, built, append);
            return true;
        }

        word = built;
        return true;
    }

    /// <summary>
    /// Where the word's next characters stop being plain: name characters while a <c>NAME=</c> may still follow,
    /// else anything but blanks, operators, quotes, escapes, expansions, tilde, glob and brace characters. The
    /// current position when the next character needs the full loop.
    /// </summary>
    private int PlainRunEnd(NameState nameState, int nameLength)
    {
        var end = pos;
        switch (nameState)
        {
            case NameState.Name:
                if (nameLength == 0 && end < text.Length && char.IsAsciiDigit(text[end]))
                {
                    return pos;
                }

                while (end < text.Length && IsNameChar(text[end]))
                {
                    end++;
                }

                return end;
            case NameState.None:
                var stop = text.AsSpan(pos).IndexOfAny(WordSpecial);
                return stop < 0 ? text.Length : pos + stop;
            default:
                return pos;
        }
    }

    private static readonly System.Buffers.SearchValues<char> WordSpecial = System.Buffers.SearchValues.Create(" \t\n|&;()<>'\"\\$`~*?[]{},\0");

    /// <summary>The word as written; for one unquoted literal with nothing removed, that literal's own string.</summary>
    private string SourceOf(ImmutableArray<WordPart> parts, int from, int to)
    {
        from = Math.Clamp(from, 0, text.Length);
        to = Math.Clamp(to, from, text.Length);
        return parts is [LiteralPart { Quoted: false } literal] && literal.Text.AsSpan().SequenceEqual(text.AsSpan(from, to - from))
            ? literal.Text
            : text[from..to];
    }

    /// <summary>A backslash outside quotes: the next character, quoted. A trailing backslash stands for itself.</summary>
    private void ReadEscape(WordBuilder builder)
    {
        var at = pos;
        Next();
        if (pos >= text.Length)
        {
            builder.AddLiteral('\\', true, at, pos);
            return;
        }

        var escaped = text[pos];
        Next();
        builder.AddLiteral(escaped, true, at, pos);
    }

    private bool ReadSingleQuoted(WordBuilder builder)
    {
        var open = pos;
        var close = text.IndexOf('\'', open + 1);
        if (close < 0)
        {
            MoveTo(text.Length);
            return Fail("unterminated single quote", open);
        }

        builder.AddLiteral(text.AsSpan(open + 1, close - open - 1), true, open, close + 1);
        MoveTo(close + 1);
        return true;
    }

    /// <summary>
    /// <c>~</c> or <c>~user</c> up to a <c>/</c> (or <c>:</c> in an assignment value) or the end of the word.
    /// A prefix with any quoting or expansion in it is not a tilde prefix: the <c>~</c> is then literal.
    /// </summary>
    private void ReadTilde(WordBuilder builder, bool inAssignmentValue)
    {
        var at = pos;
        var end = at + 1;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '.' or '_' or '-' or '+'))
        {
            end++;
        }

        context.Tick(end - at);
        var stop = end < text.Length ? text[end] : Eof;
        if (IsDelimiter(stop) || stop == '/' || (inAssignmentValue && stop == ':'))
        {
            builder.AddPart(new TildePart(text[(at + 1)..end]), at, end);
            MoveTo(end);
            return;
        }

        builder.AddLiteral('~', false, at, at + 1);
        Next();
    }

    private string RemoveContinuations(int from, int to)
    {
        var raw = Slice(from, to);
        return raw.Contains("\\\n", StringComparison.Ordinal) ? raw.Replace("\\\n", string.Empty, StringComparison.Ordinal) : raw;
    }
}
