using System.Text;

namespace ToolGate.Samples.ShellTool;

/// <summary>
/// One path segment of a pathname pattern, matched against a file name like bash does: <c>*</c> (any run of
/// characters), <c>?</c> (one character), <c>[...]</c> (one character of a set: ranges <c>a-z</c>, classes
/// <c>[:alpha:]</c>, negation with <c>!</c> or <c>^</c>, a leading <c>]</c> as a member). A <c>[</c> without its
/// closing <c>]</c> is an ordinary character. Characters are Unicode scalar values, ranges compare code points.
/// </summary>
/// <remarks>
/// A backslash is an ordinary character: the script carries words after quote removal, so there is nothing left to escape.
/// </remarks>
internal sealed class GlobPattern
{
    private readonly Token[] _tokens;

    public GlobPattern(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var runes = ToRunes(segment);
        var tokens = new List<Token>();
        for (var i = 0; i < runes.Length; i++)
        {
            switch (runes[i])
            {
                case '*':
                    if (tokens is not [.., { Kind: TokenKind.AnyRun }])
                    {
                        tokens.Add(new Token(TokenKind.AnyRun, 0, null));
                    }

                    break;
                case '?':
                    tokens.Add(new Token(TokenKind.AnyOne, 0, null));
                    break;
                case '[' when BracketSet.TryParse(runes, i, out var set, out var end):
                    tokens.Add(new Token(TokenKind.OneOf, 0, set));
                    i = end;
                    break;
                default:
                    tokens.Add(new Token(TokenKind.Literal, runes[i], null));
                    break;
            }
        }

        _tokens = [.. tokens];
        HasWildcards = _tokens.Any(t => t.Kind != TokenKind.Literal);
    }

    private enum TokenKind
    {
        Literal,
        AnyOne,
        AnyRun,
        OneOf,
    }

    /// <summary>False when the segment is plain text (no <c>*</c>, <c>?</c> or complete <c>[...]</c>): it names one entry.</summary>
    public bool HasWildcards { get; }

    public bool IsMatch(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = ToRunes(name);
        int t = 0, p = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < _tokens.Length && _tokens[p].Kind == TokenKind.AnyRun)
            {
                starP = p++;
                starT = t;
            }
            else if (p < _tokens.Length && _tokens[p].Matches(text[t]))
            {
                p++;
                t++;
            }
            else if (starP >= 0)
            {
                // Let the last '*' take one more character and try again from there.
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (p < _tokens.Length && _tokens[p].Kind == TokenKind.AnyRun)
        {
            p++;
        }

        return p == _tokens.Length;
    }

    private static int[] ToRunes(string text)
    {
        var runes = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            runes.Add(rune.Value);
        }

        return [.. runes];
    }

    private readonly record struct Token(TokenKind Kind, int Rune, BracketSet? Set)
    {
        public bool Matches(int rune) => Kind switch
        {
            TokenKind.Literal => rune == Rune,
            TokenKind.AnyOne => true,
            TokenKind.OneOf => Set!.Contains(rune),
            _ => false,
        };
    }

    private sealed class BracketSet
    {
        private readonly bool _negated;
        private readonly List<(int From, int To)> _ranges = [];
        private readonly List<string> _classes = [];

        private BracketSet(bool negated) => _negated = negated;

        /// <summary>Parses the bracket expression opening at <paramref name="start"/>; false when it never closes.</summary>
        public static bool TryParse(int[] runes, int start, out BracketSet? set, out int end)
        {
            var i = start + 1;
            var negated = i < runes.Length && runes[i] is '!' or '^';
            if (negated)
            {
                i++;
            }

            set = new BracketSet(negated);
            var first = true;
            for (; i < runes.Length; i++, first = false)
            {
                var rune = runes[i];
                if (rune == ']' && !first)
                {
                    end = i;
                    return true;
                }

                if (rune == '[' && i + 1 < runes.Length && runes[i + 1] == ':' && ClassEnd(runes, i + 2) is var close and > 0)
                {
                    set._classes.Add(ToText(runes, i + 2, close));
                    i = close + 1;
                    continue;
                }

                if (i + 2 < runes.Length && runes[i + 1] == '-' && runes[i + 2] != ']')
                {
                    set._ranges.Add((rune, runes[i + 2]));
                    i += 2;
                    continue;
                }

                set._ranges.Add((rune, rune));
            }

            set = null;
            end = start;
            return false;
        }

        public bool Contains(int rune)
        {
            var found = _ranges.Any(r => rune >= r.From && rune <= r.To) || _classes.Any(c => InClass(c, rune));
            return found != _negated;
        }

        // Index of the ':' of the ":]" that closes a "[:name:" started at nameStart; -1 when there is none.
        private static int ClassEnd(int[] runes, int nameStart)
        {
            for (var j = nameStart; j + 1 < runes.Length; j++)
            {
                if (runes[j] == ':' && runes[j + 1] == ']')
                {
                    return j;
                }

                if (!char.IsAsciiLetterLower((char)Math.Min(runes[j], char.MaxValue)))
                {
                    return -1;
                }
            }

            return -1;
        }

        private static string ToText(int[] runes, int from, int to)
        {
            var builder = new StringBuilder();
            for (var j = from; j < to; j++)
            {
                builder.Append(char.ConvertFromUtf32(runes[j]));
            }

            return builder.ToString();
        }

        private static bool InClass(string name, int value)
        {
            if (!Rune.IsValid(value))
            {
                return false;
            }

            var rune = new Rune(value);
            return name switch
            {
                "alpha" => Rune.IsLetter(rune),
                "digit" => value is >= '0' and <= '9',
                "alnum" => Rune.IsLetterOrDigit(rune),
                "upper" => Rune.IsUpper(rune),
                "lower" => Rune.IsLower(rune),
                "space" => Rune.IsWhiteSpace(rune),
                "blank" => value is ' ' or '\t',
                "punct" => Rune.IsPunctuation(rune) || Rune.IsSymbol(rune),
                "xdigit" => value is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F'),
                "cntrl" => Rune.IsControl(rune),
                "print" => !Rune.IsControl(rune),
                "graph" => !Rune.IsControl(rune) && !Rune.IsWhiteSpace(rune),
                "word" => Rune.IsLetterOrDigit(rune) || value == '_',
                _ => false,
            };
        }
    }
}
