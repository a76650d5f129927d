namespace ToolGate.Core.Shell.Constructs;

/// <summary>
/// A bracket expression of a pattern (<c>[a-z_]</c>, <c>[!0-9]</c>, <c>[[:alpha:]]</c>) as bash reads it in the C locale,
/// ranges in code point order (bash's <c>globasciiranges</c>, on by default).
/// </summary>
internal sealed class CharacterSet
{
    private readonly List<(char From, char To)> ranges = [];
    private readonly List<Func<char, bool>> classes = [];
    private bool negated;

    private CharacterSet()
    {
    }

    /// <summary>The set written as <paramref name="text"/> (with its brackets), or null when it is not one read exactly here.</summary>
    public static CharacterSet? TryParse(string text)
    {
        // Quotes and escapes inside come through as written; equivalence classes and collating symbols depend on the locale.
        if (text.Length < 3 || text[0] != '[' || text[^1] != ']' || text.AsSpan().IndexOfAny("'\"\\$`") >= 0
            || text.Contains("[=", StringComparison.Ordinal) || text.Contains("[.", StringComparison.Ordinal)
            || CasePattern.HasSurrogates(text))
        {
            return null;
        }

        var set = new CharacterSet();
        var inner = text.AsSpan(1, text.Length - 2);
        if (inner[0] is '!' or '^')
        {
            set.negated = true;
            inner = inner[1..];
        }

        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '[' && i + 1 < inner.Length && inner[i + 1] == ':')
            {
                var end = inner[(i + 2)..].IndexOf(":]", StringComparison.Ordinal);
                if (end < 0 || ClassFor(inner.Slice(i + 2, end).ToString()) is not { } predicate)
                {
                    return null;
                }

                set.classes.Add(predicate);
                i += end + 3;
                continue;
            }

            var from = inner[i];
            if (i + 2 < inner.Length && inner[i + 1] == '-')
            {
                var to = inner[i + 2];
                if (to < from)
                {
                    return null; // bash treats a reversed range as matching nothing; not guessed here
                }

                set.ranges.Add((from, to));
                i += 2;
                continue;
            }

            set.ranges.Add((from, from));
        }

        return set.ranges.Count + set.classes.Count == 0 ? null : set;
    }

    public bool Contains(char c)
    {
        var found = false;
        foreach (var (from, to) in ranges)
        {
            found |= c >= from && c <= to;
        }

        foreach (var predicate in classes)
        {
            found |= predicate(c);
        }

        return found != negated;
    }

    private static Func<char, bool>? ClassFor(string name) => name switch
    {
        "alpha" => char.IsAsciiLetter,
        "digit" => char.IsAsciiDigit,
        "alnum" => char.IsAsciiLetterOrDigit,
        "upper" => char.IsAsciiLetterUpper,
        "lower" => char.IsAsciiLetterLower,
        "xdigit" => char.IsAsciiHexDigit,
        "space" => c => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r',
        "blank" => c => c is ' ' or '\t',
        "punct" => c => c is > ' ' and < '\x7f' && !char.IsAsciiLetterOrDigit(c),
        "print" => c => c is >= ' ' and < '\x7f',
        "graph" => c => c is > ' ' and < '\x7f',
        "cntrl" => c => c is < ' ' or '\x7f',
        "word" => c => char.IsAsciiLetterOrDigit(c) || c == '_',
        _ => null,
    };
}
