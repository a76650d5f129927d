using System.Text;

namespace ToolGate.Core.Tests.Shell.Differential;

/// <summary>
/// Random command lines from a small alphabet with every quoting form bash has: bare words, <c>'…'</c>,
/// <c>"…"</c> (with its four escapes and others kept), <c>$'…'</c> (named, octal, hex, <c>\u</c>, <c>\U</c> and
/// <c>\c</c> escapes), <c>$"…"</c>, backslash escapes, line continuations, adjacent quotes spliced into one
/// word, <c>#</c> inside words and trailing comments, brace lists and ranges, and lists and pipelines of such
/// commands. Deterministic for a seed.
/// </summary>
/// <remarks>
/// Never generated: unquoted <c>* ? [</c> (globs depend on the directory), <c>$</c> expansions, redirections;
/// the forms whose divergence from bash is pinned as a bug in <see cref="KnownDivergenceTests"/> (empty brace
/// alternatives, zero-padded ranges, <c>$'\c\\'</c>, <c>$'\x{…}'</c>); and <c>$'…'</c> octal or hex values
/// above 0x7F, which bash passes as a raw byte and ToolGate, by design (see <c>AnsiCQuote</c>), as the Latin-1
/// character.
/// </remarks>
internal sealed class CommandLineGenerator(int seed)
{
    // Program names: no d, e, f, g, i, n, o, s, t, so no reserved word (if, do, fi, in, time…) and no builtin.
    private const string ProgramLetters = "abckmqrxz";
    private const string Bare = "abcxyz019._-/=:,+@%^";
    private const string SingleQuoted = "ab z.*?[#;|&<>(){}~$`\"\\!%=\té中";
    private const string DoubleQuoted = "ab z.*?[#;|&<>(){}~'!%=\té";
    private const string AnsiPlain = "ab z.*?[#;|&<>(){}~$`\"!%=";
    private const string Escapable = "abz.*?[]#;|&<>(){}~$`'\"\\! =%,";
    private static readonly string[] Separators = ["; ", ";", " && ", "&&", " || ", "||", " | ", "|", " |& ", "\n", " ;\n"];
    private static readonly string[] AnsiEscapes =
    [
        "\\n", "\\t", "\\a", "\\b", "\\e", "\\E", "\\f", "\\r", "\\v", "\\\\", "\\'", "\\\"", "\\?", "\\q", "\\z",
        "\\101", "\\7", "\\18", "\\0101", "\\x41", "\\x7e", "\\x7", "\\xg", "\\x;", "\\u00e9", "\\u263a", "\\u4e2d", "\\u41", "\\U0001F600",
        "\\U41", "\\cA", "\\ca", "\\cz", "\\c?", "\\c[", "\\c]", "\\c^", "\\c_", "\\c1",
    ];

    private readonly Random _random = new(seed);

    public GeneratedLine Next()
    {
        var commands = new List<string>();
        var text = new StringBuilder(Pick("", "", " ", "\t"));
        var count = _random.Next(4) switch { 0 or 1 => 1, 2 => 2, _ => 2 + _random.Next(3) };
        var separator = string.Empty;
        for (var i = 0; i < count; i++)
        {
            var command = Command();
            var commented = _random.Next(12) == 0;
            if (commented)
            {
                command += " #" + Chars(" ab;|&'\"()$`x", 0, 8);
            }

            commands.Add(command);
            if (!separator.Contains('|', StringComparison.Ordinal) && _random.Next(8) == 0)
            {
                text.Append("! "); // negates the pipeline this command starts
            }

            text.Append(command);
            separator = commented ? "\n" : Pick(Separators);
            if (i + 1 < count)
            {
                text.Append(separator);
            }
        }

        text.Append(Pick("", "", "", ";", " ", " # trailing ; | comment"));
        return new GeneratedLine(text.ToString(), commands);
    }

    private string Command()
    {
        var words = new List<string> { ProgramWord() };
        var arguments = _random.Next(5);
        for (var i = 0; i < arguments; i++)
        {
            words.Add(Word());
        }

        return string.Join(Pick(" ", " ", "  ", "\t"), words);
    }

    private string ProgramWord()
    {
        var name = Chars(ProgramLetters, 1, 3);
        return _random.Next(10) switch
        {
            0 => "'" + name + "'",
            1 => "\"" + name + "\"",
            2 => name[..1] + "''" + name[1..],
            3 => "\\" + name,
            4 => "$'\\x" + ((int)name[0]).ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + name[1..] + "'",
            5 => "{" + name + "," + Chars(ProgramLetters, 1, 2) + "}",
            _ => name,
        };
    }

    private string Word()
    {
        var segments = 1 + _random.Next(3);
        var word = new StringBuilder();
        for (var i = 0; i < segments; i++)
        {
            var segment = Segment(first: i == 0);
            word.Append(segment);
            if (i + 1 < segments && _random.Next(15) == 0)
            {
                word.Append("\\\n"); // a line continuation inside the word
            }
        }

        return word.ToString();
    }

    private string Segment(bool first) => _random.Next(16) switch
    {
        0 or 1 or 2 => "'" + Chars(SingleQuoted, 0, 6) + Pick("", "", "", "\n") + "'",
        3 or 4 or 5 => "\"" + DoubleQuotedBody() + "\"",
        6 or 7 or 8 => "$'" + AnsiBody() + "'",
        9 => "$\"" + DoubleQuotedBody() + "\"",
        10 or 11 => "\\" + Chars(Escapable, 1, 1),
        12 => Brace(),
        _ => BareText(first),
    };

    private string BareText(bool first)
    {
        var text = Chars(Bare, 1, 4);
        if (!first && _random.Next(4) == 0)
        {
            text += Pick("#", "~", "!", "}", "{");
        }

        return text;
    }

    private string DoubleQuotedBody()
    {
        var body = new StringBuilder();
        var items = _random.Next(6);
        for (var i = 0; i < items; i++)
        {
            body.Append(_random.Next(4) == 0
                ? Pick("\\\"", "\\\\", "\\$", "\\`", "\\a", "\\n", "\\'", "\\\n", "\n")
                : Chars(DoubleQuoted, 1, 3));
        }

        return body.ToString();
    }

    private string AnsiBody()
    {
        var body = new StringBuilder();
        var items = _random.Next(5);
        for (var i = 0; i < items; i++)
        {
            body.Append(_random.Next(2) == 0 ? Pick(AnsiEscapes) : Chars(AnsiPlain, 1, 3));
        }

        return body.ToString();
    }

    private string Brace() => _random.Next(6) switch
    {
        0 => "{1..3}",
        1 => "{3..1}",
        2 => "{-2..1}",
        3 => "{a..d}",
        4 => "{C..A}",
        _ => "{" + string.Join(',', Enumerable.Range(0, 2 + _random.Next(2)).Select(_ => Chars("abxyz019._-", 1, 3))) + "}",
    };

    private string Chars(string alphabet, int min, int max)
    {
        var length = min + _random.Next(max - min + 1);
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(alphabet[_random.Next(alphabet.Length)]);
        }

        return text.ToString();
    }

    private string Pick(params string[] choices) => choices[_random.Next(choices.Length)];
}
