using System.Collections.Immutable;

namespace ToolGate.Core.Shell.Syntax;

/// <summary>
/// The recursive-descent parser behind <see cref="ShellParser"/>, over one string: the input, or a nested string
/// (the text of a backquoted command, the body of a here-document) that shares the input's
/// <see cref="ShellParseContext"/>. Each character is read a bounded number of times. A failure is recorded in
/// the context and answered with <c>null</c> / <c>false</c> up the call chain, never thrown.
/// </summary>
/// <remarks>
/// The cursor removes line continuations (backslash-newline) as bash's input layer does, except where the
/// text is read raw: single quotes, <c>$'…'</c>, comments and here-document bodies.
/// </remarks>
internal sealed partial class ShellSyntaxParser
{
    private const char Eof = '\0';

    private readonly string text;
    private readonly ShellParseContext context;
    private readonly int offsetBase;
    private int pos;
    private int lastEnd;
    private int peekFrom = -1;
    private int peekAt;

    /// <param name="offsetBase">Where <paramref name="text"/> starts in the input, for error offsets.</param>
    public ShellSyntaxParser(string text, ShellParseContext context, int offsetBase)
    {
        this.text = text;
        this.context = context;
        this.offsetBase = offsetBase;
    }

    private bool Failed => context.Failed;

    /// <summary>The current character after skipping line continuations, or <see cref="Eof"/>.</summary>
    private char Cur()
    {
        if (!context.Tick())
        {
            return Stop();
        }

        while (pos + 1 < text.Length && text[pos] == '\\' && text[pos + 1] == '\n')
        {
            pos += 2;
            if (!context.Tick())
            {
                return Stop();
            }
        }

        return pos < text.Length ? text[pos] : Eof;
    }

    /// <summary>Moves past the current character (call <see cref="Cur"/> first).</summary>
    private void Next()
    {
        if (pos < text.Length)
        {
            pos++;
        }

        lastEnd = pos;
        if (!context.Tick())
        {
            Stop();
        }
    }

    /// <summary>The character after the current one, skipping line continuations, without moving.</summary>
    private char PeekAfter()
    {
        if (peekFrom != pos)
        {
            peekFrom = pos;
            peekAt = SkipContinuations(pos + 1);
        }

        context.Tick();
        return peekAt < text.Length ? text[peekAt] : Eof;
    }

    private int SkipContinuations(int index)
    {
        while (index + 1 < text.Length && text[index] == '\\' && text[index + 1] == '\n')
        {
            index += 2;
            context.Tick();
        }

        return index;
    }

    /// <summary>Moves to <paramref name="index"/>, counting the characters passed over.</summary>
    private void MoveTo(int index)
    {
        index = Math.Clamp(index, pos, text.Length);
        var passed = index - pos;
        pos = lastEnd = index;
        if (!context.Tick(passed))
        {
            Stop();
        }
    }

    /// <summary>After a failure or a spent budget: every loop sees the end of the input.</summary>
    private char Stop()
    {
        pos = lastEnd = text.Length;
        return Eof;
    }

    /// <summary>Blanks and a comment (a <c>#</c> where a word would start, to the end of the line).</summary>
    private void SkipBlanks()
    {
        while (true)
        {
            var c = Cur();
            if (IsBlank(c))
            {
                Next();
                continue;
            }

            if (c == '#')
            {
                var end = text.IndexOf('\n', pos);
                MoveTo(end < 0 ? text.Length : end);
            }

            return;
        }
    }

    private string Slice(int from, int to)
    {
        from = Math.Clamp(from, 0, text.Length);
        to = Math.Clamp(to, from, text.Length);
        return text[from..to];
    }

    private static bool IsBlank(char c) => c is ' ' or '\t';

    private static bool IsOperatorChar(char c) => c is '|' or '&' or ';' or '(' or ')' or '<' or '>';

    private static bool IsDelimiter(char c) => c == Eof || IsBlank(c) || c == '\n' || IsOperatorChar(c);

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsName(string s)
    {
        if (s.Length == 0 || !IsNameStart(s[0]))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!IsNameChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The text of a word that is one unquoted literal (a reserved word, a name, a descriptor number).</summary>
    private static string? PlainText(Word word) =>
        word.Parts is [LiteralPart { Quoted: false } literal] ? literal.Text : null;

    /// <summary>Whether the next word is the reserved word <paramref name="word"/> (unquoted, followed by a delimiter).</summary>
    private bool AtReservedWord(string word)
    {
        if (Cur() != word[0])
        {
            return false;
        }

        var index = pos + 1;
        for (var i = 1; i < word.Length; i++)
        {
            index = SkipContinuations(index);
            context.Tick();
            if (index >= text.Length || text[index] != word[i])
            {
                return false;
            }

            index++;
        }

        index = SkipContinuations(index);
        return index >= text.Length || IsDelimiter(text[index]);
    }

    private void ConsumeReservedWord(string word)
    {
        foreach (var _ in word)
        {
            Cur();
            Next();
        }
    }

    private bool Enter(int at) => context.Enter(offsetBase + at);

    private void Leave() => context.Leave();

    private bool Fail(string what, int at)
    {
        var offset = offsetBase + at;
        context.Fail($"{what} at {offset}", offset);
        return false;
    }

    /// <summary>"unexpected X at N", with what was expected instead when known.</summary>
    private bool FailUnexpected(string? expected = null)
    {
        var token = DescribeToken();
        var offset = offsetBase + pos;
        context.Fail(expected is null ? $"unexpected {token} at {offset}" : $"unexpected {token} at {offset} ({expected})", offset);
        return false;
    }

    /// <summary>
    /// "<paramref name="expectation"/> at <paramref name="constructAt"/>" at the end of the input, else
    /// "unexpected X at N (expectation at …)".
    /// </summary>
    private bool FailExpected(string expectation, int constructAt)
    {
        if (Cur() == Eof)
        {
            return Fail(expectation, constructAt);
        }

        return FailUnexpected($"{expectation} at {offsetBase + constructAt}");
    }

    private static readonly ImmutableArray<string> Operators =
        [";;&", "<<<", "<<-", "&>>", ";;", ";&", "&&", "||", "|&", ">>", "<<", "<>", "<&", ">&", ">|", "&>", ";", "&", "|", "(", ")", "<", ">"];

    private string DescribeToken()
    {
        var c = Cur();
        if (c == Eof)
        {
            return "end of input";
        }

        if (c == '\n')
        {
            return "newline";
        }

        var rest = text.AsSpan(pos);
        if (IsOperatorChar(c))
        {
            foreach (var op in Operators)
            {
                if (rest.StartsWith(op, StringComparison.Ordinal))
                {
                    return $"'{op}'";
                }
            }
        }

        var length = 0;
        while (length < rest.Length && length < 24 && !IsDelimiter(rest[length]))
        {
            length++;
        }

        context.Tick(length);
        return $"'{rest[..Math.Max(length, 1)]}'";
    }
}
