namespace ToolGate.Core.Shell;

/// <summary>
/// Reads a sed script the way GNU sed does, far enough to find the commands that run programs or touch other files:
/// <c>e</c> (runs a command), <c>s///e</c> (runs the pattern space), <c>w</c>/<c>W</c> and <c>s///w</c> (write a file),
/// <c>r</c>/<c>R</c> (read one). Addresses (<c>1,/x/!</c>), blocks, labels, <c>a</c>/<c>i</c>/<c>c</c> text and the
/// <c>s</c> and <c>y</c> arguments (any delimiter, escapes, bracket expressions) are skipped as sed skips them. A script
/// it cannot read is reported as such: sed would run something nobody judged. Linear; never throws.
/// </summary>
internal static class SedScript
{
    private const string Unreadable = "a command it cannot read";

    /// <summary>What makes the script run code or touch files (<c>'e'</c>, <c>'s///w'</c>), or null when it does neither.</summary>
    public static string? Forbidden(string script)
    {
        var i = 0;
        while (true)
        {
            while (i < script.Length && script[i] is ' ' or '\t' or '\n' or '\r' or ';' or '{' or '}')
            {
                i++;
            }

            if (i >= script.Length)
            {
                return null;
            }

            if (!SkipAddresses(script, ref i))
            {
                return Unreadable;
            }

            if (i >= script.Length)
            {
                return Unreadable;
            }

            var command = script[i++];
            switch (command)
            {
                case '{' or '}':
                    continue;
                case '#' or ':' or 'a' or 'i' or 'c' or 'b' or 't' or 'T' or 'v':
                    // A comment, a label or text: to the end of the line (a label or branch also ends at ';').
                    SkipText(script, ref i, endsAtSemicolon: command is ':' or 'b' or 't' or 'T' or 'v');
                    continue;
                case 'e':
                    return "e";
                case 'w' or 'W' or 'r' or 'R':
                    return command.ToString();
                case 's':
                    if (Substitution(script, ref i) is { } flag)
                    {
                        return flag;
                    }

                    continue;
                case 'y':
                    if (!SkipDelimited(script, ref i, parts: 2))
                    {
                        return Unreadable;
                    }

                    continue;
                case 'l' or 'L' or 'q' or 'Q':
                    while (i < script.Length && (char.IsAsciiDigit(script[i]) || script[i] == ' '))
                    {
                        i++;
                    }

                    continue;
                case '=' or 'd' or 'D' or 'g' or 'G' or 'h' or 'H' or 'n' or 'N' or 'p' or 'P' or 'x' or 'z' or 'F':
                    continue;
                default:
                    return Unreadable;
            }
        }
    }

    // s/re/replacement/flags: the flags e and w (with its file) are the dangerous ones.
    private static string? Substitution(string script, ref int i)
    {
        if (!SkipDelimited(script, ref i, parts: 2))
        {
            return Unreadable;
        }

        while (i < script.Length && script[i] is not (';' or '\n' or '}' or '#'))
        {
            switch (script[i])
            {
                case 'e':
                    return "s///e";
                case 'w':
                    return "s///w";
                case 'g' or 'p' or 'i' or 'I' or 'm' or 'M' or ' ' or '\t' or '\r' or (>= '0' and <= '9'):
                    i++;
                    continue;
                default:
                    return Unreadable;
            }
        }

        return null;
    }

    // The delimiter, then that many parts each ended by it; a backslash escapes, a bracket expression is literal (in the regex).
    private static bool SkipDelimited(string script, ref int i, int parts)
    {
        if (i >= script.Length || script[i] is '\\' or '\n')
        {
            return false;
        }

        var delimiter = script[i++];
        for (var part = 0; part < parts; part++)
        {
            while (true)
            {
                if (i >= script.Length)
                {
                    return false;
                }

                var c = script[i++];
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '[' && part == 0 && delimiter != '[')
                {
                    SkipBracket(script, ref i);
                }
                else if (c == delimiter)
                {
                    break;
                }
            }
        }

        return i <= script.Length;
    }

    private static void SkipBracket(string script, ref int i)
    {
        var start = i;
        if (i < script.Length && script[i] == '^')
        {
            i++;
        }

        if (i < script.Length && script[i] == ']')
        {
            i++;
        }

        while (i < script.Length && script[i] != ']')
        {
            // [:alpha:], [.x.], [=x=] hold a ']' of their own.
            if (script[i] == '[' && i + 1 < script.Length && script[i + 1] is ':' or '.' or '=')
            {
                var close = script.IndexOf(script[i + 1] + "]", i + 2, StringComparison.Ordinal);
                i = close < 0 ? script.Length : close + 2;
                continue;
            }

            i++;
        }

        // No closing ']': sed reads '[' as a plain character then.
        i = i < script.Length ? i + 1 : start;
    }

    // 12, $, /re/, \%re%, first~step, each optionally ,addr (+N, ~N), then '!' and blanks.
    private static bool SkipAddresses(string script, ref int i)
    {
        for (var address = 0; address < 2; address++)
        {
            if (i >= script.Length)
            {
                return true;
            }

            var c = script[i];
            if (char.IsAsciiDigit(c) || (address == 1 && c is '+' or '~'))
            {
                i++;
                while (i < script.Length && (char.IsAsciiDigit(script[i]) || script[i] == '~'))
                {
                    i++;
                }
            }
            else if (c == '$')
            {
                i++;
            }
            else if (c == '/' || c == '\\')
            {
                if (c == '\\')
                {
                    i++;
                }

                if (!SkipDelimited(script, ref i, parts: 1))
                {
                    return false;
                }

                while (i < script.Length && script[i] is 'I' or 'M')
                {
                    i++;
                }
            }
            else if (address == 1)
            {
                return false; // a ',' with nothing after it
            }
            else
            {
                break;
            }

            if (address == 0 && i < script.Length && script[i] == ',')
            {
                i++;
                continue;
            }

            break;
        }

        while (i < script.Length && script[i] is ' ' or '\t' or '!')
        {
            i++;
        }

        return true;
    }

    private static void SkipText(string script, ref int i, bool endsAtSemicolon)
    {
        while (i < script.Length && script[i] != '\n' && !(endsAtSemicolon && script[i] == ';'))
        {
            // a\, i\ and c\ text continues over lines ending in a backslash.
            if (script[i] == '\\' && i + 1 < script.Length)
            {
                i++;
            }

            i++;
        }
    }
}
