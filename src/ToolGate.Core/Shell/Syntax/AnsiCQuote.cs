using System.Text;

namespace ToolGate.Core.Shell.Syntax;

/// <summary>Bash's <c>$'…'</c> quoting: finds the closing quote and decodes the backslash escapes.</summary>
internal static class AnsiCQuote
{
    /// <summary>The index of the quote closing a <c>$'</c> whose text starts at <paramref name="start"/>, or -1.</summary>
    public static int FindClose(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '\'')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Decodes <c>\a \b \e \E \f \n \r \t \v \\ \' \" \?</c>, <c>\nnn</c> (octal), <c>\xHH</c>, <c>\uHHHH</c>,
    /// <c>\UHHHHHHHH</c> and <c>\cX</c>. Unknown escapes keep their backslash; a NUL ends the text, as in bash.
    /// Octal and <c>\x</c> values above 127 become the Latin-1 character of that value (bash emits the raw byte).
    /// </summary>
    public static string Decode(ReadOnlySpan<char> body)
    {
        var result = new StringBuilder(body.Length);
        var i = 0;
        while (i < body.Length)
        {
            var c = body[i];
            if (c != '\\' || i + 1 >= body.Length)
            {
                result.Append(c);
                i++;
                continue;
            }

            var escape = body[i + 1];
            var next = i + 2;
            int? value = escape switch
            {
                'a' => 7,
                'b' => 8,
                'e' or 'E' => 27,
                'f' => 12,
                'n' => 10,
                'r' => 13,
                't' => 9,
                'v' => 11,
                '\\' or '\'' or '"' or '?' => escape,
                >= '0' and <= '7' => ReadNumber(body, i + 1, 3, 8, out next) & 0xFF,
                'x' when i + 2 < body.Length && body[i + 2] == '{' => ReadBracedHex(body, i + 3, ref next),
                'x' => ReadOptionalNumber(body, i + 2, 2, 16, ref next),
                'u' => ReadOptionalNumber(body, i + 2, 4, 16, ref next),
                'U' => ReadOptionalNumber(body, i + 2, 8, 16, ref next),
                // bash reads "\c\\" as control-backslash and consumes the escaped backslash with it.
                'c' when i + 3 < body.Length && body[i + 2] == '\\' && body[i + 3] == '\\' => ControlBackslash(ref next),
                'c' when i + 2 < body.Length => Control(body[i + 2], ref next),
                _ => null,
            };

            if (value is null || (value > 0xFF && !Rune.IsValid(value.Value)))
            {
                // Unknown escape, or a \x / \u with no digits, or not a Unicode scalar: kept as written.
                result.Append(body[i..next]);
            }
            else if (value == 0)
            {
                break; // bash's strings end at a NUL
            }
            else if (value <= 0xFF)
            {
                result.Append((char)value.Value);
            }
            else
            {
                result.Append(new Rune(value.Value).ToString());
            }

            i = next;
        }

        return result.ToString();
    }

    private static int? ReadOptionalNumber(ReadOnlySpan<char> body, int start, int maxDigits, int radix, ref int next)
    {
        var value = ReadNumber(body, start, maxDigits, radix, out var end);
        if (end == start)
        {
            return null;
        }

        next = end;
        return value;
    }

    private static int ReadNumber(ReadOnlySpan<char> body, int start, int maxDigits, int radix, out int end)
    {
        long value = 0;
        end = start;
        while (end < body.Length && end - start < maxDigits && Digit(body[end], radix) is { } digit)
        {
            value = Math.Min((value * radix) + digit, int.MaxValue);
            end++;
        }

        return (int)value;
    }

    private static int? Digit(char c, int radix) => c switch
    {
        >= '0' and <= '9' when c - '0' < radix => c - '0',
        >= 'a' and <= 'f' when radix == 16 => c - 'a' + 10,
        >= 'A' and <= 'F' when radix == 16 => c - 'A' + 10,
        _ => null,
    };

    // bash 5.2: \x{HHH…} reads hex digits up to the closing brace and keeps the low byte (\x{263a} is ':');
    // with no digits the value is NUL, which ends the string.
    private static int? ReadBracedHex(ReadOnlySpan<char> body, int start, ref int next)
    {
        var value = ReadNumber(body, start, 8, 16, out var end);
        if (end < body.Length && body[end] == '}')
        {
            end++;
        }

        next = end;
        return value & 0xFF;
    }

    private static int ControlBackslash(ref int next)
    {
        next += 2;
        return 0x1C;
    }

    private static int Control(char c, ref int next)
    {
        next++;
        return c == '?' ? 0x7F : char.ToUpperInvariant(c) & 0x1F;
    }
}
