using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using ToolGate.Core.Shell.Syntax;

namespace ToolGate.Core.Shell;

/// <summary>
/// Expands a word the way the shell would, where that can be known statically: quote removal, brace
/// expansion (bounded), globs kept as patterns. Parameter, command, arithmetic and process substitution
/// and tilde expansion cannot be known statically: the word is refused with the construct named.
/// </summary>
internal static class WordExpander
{
    public const int MaxBraceResults = 64;

    private static readonly System.Buffers.SearchValues<char> BraceRefused = System.Buffers.SearchValues.Create("{}'\"\\$`");

    private static readonly System.Buffers.SearchValues<char> QuotedGlobCharacters = System.Buffers.SearchValues.Create("*?[]\\");

    /// <summary>The fields a word expands to; <c>Glob</c> when it has unquoted glob characters.</summary>
    public static ImmutableArray<ExpandedWord> Expand(Word word, out string? error)
    {
        var fields = new List<ExpandedWord>(1);
        error = ExpandInto(word, fields);
        return error is null ? [.. fields] : [];
    }

    /// <summary>
    /// Appends the fields a word expands to; returns why it cannot be expanded statically (nothing appended then),
    /// or null. The common word (no brace expansion) is one field built without intermediate builders.
    /// </summary>
    public static string? ExpandInto(Word word, List<ExpandedWord> fields)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(fields);
        var glob = false;
        var length = 0;
        foreach (var part in word.Parts)
        {
            switch (part)
            {
                case LiteralPart literal:
                    length += literal.Text.Length;
                    break;
                case GlobPart globPart:
                    glob = true;
                    length += globPart.Text.Length;
                    break;
                case BracePart:
                    return ExpandWithBraces(word, fields);
                default:
                    return Describe(part);
            }
        }

        if (glob && HasQuotedGlobCharacters(word))
        {
            return QuotedGlobError(word);
        }

        fields.Add(new ExpandedWord(Concatenate(word.Parts, length), glob));
        return null;
    }

    // Literal and glob parts only: the one part's text as it is, or the parts joined in one allocation.
    private static string Concatenate(ImmutableArray<WordPart> parts, int length)
    {
        if (parts.Length == 1)
        {
            return PartText(parts[0]);
        }

        return string.Create(length, parts, static (span, parts) =>
        {
            foreach (var part in parts)
            {
                var text = PartText(part);
                text.CopyTo(span);
                span = span[text.Length..];
            }
        });
    }

    private static string PartText(WordPart part) => part switch
    {
        LiteralPart literal => literal.Text,
        GlobPart glob => glob.Text,
        _ => string.Empty,
    };

    // The tool expands a glob word as one pattern: quoted glob characters in it would turn into wildcards.
    private static bool HasQuotedGlobCharacters(Word word)
    {
        foreach (var part in word.Parts)
        {
            if (part is LiteralPart { Quoted: true } literal && literal.Text.AsSpan().IndexOfAny(QuotedGlobCharacters) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static string QuotedGlobError(Word word) => $"quoted glob characters inside a pattern '{word.Source}'";

    // A word with a brace expansion: every combination of the alternatives, in order, bounded by MaxBraceResults.
    private static string? ExpandWithBraces(Word word, List<ExpandedWord> fields)
    {
        var results = new List<StringBuilder> { new() };
        var glob = false;
        foreach (var part in word.Parts)
        {
            switch (part)
            {
                case LiteralPart or GlobPart:
                    glob |= part is GlobPart;
                    foreach (var result in results)
                    {
                        result.Append(PartText(part));
                    }

                    break;
                case BracePart brace:
                    if (Alternatives(brace.Text) is not { } alternatives || alternatives.Count * results.Count > MaxBraceResults)
                    {
                        return $"brace expansion '{brace.Text}' is not a simple list or range of at most {MaxBraceResults} items";
                    }

                    results = [.. results.SelectMany(r => alternatives.Select(a => new StringBuilder(r.ToString()).Append(a)))];
                    break;
                default:
                    return Describe(part);
            }
        }

        if (glob && HasQuotedGlobCharacters(word))
        {
            return QuotedGlobError(word);
        }

        // An unquoted brace expansion that yields an empty word ({x,,y}) yields no word at all, as in bash.
        var dropEmpty = !word.Parts.Any(p => p is LiteralPart { Quoted: true });
        foreach (var result in results)
        {
            if (!dropEmpty || result.Length > 0)
            {
                fields.Add(new ExpandedWord(result.ToString(), glob));
            }
        }

        return null;
    }

    /// <summary>What a part that cannot be expanded statically is, for a denial reason.</summary>
    public static string Describe(WordPart part) => part switch
    {
        ParameterPart p => $"parameter expansion '{p.Text}'",
        CommandSubstitutionPart c => c.Backquoted ? $"command substitution '`{c.Text}`'" : $"command substitution '$({c.Text})'",
        ArithmeticPart a => $"arithmetic expansion '$(({a.Text}))'",
        ProcessSubstitutionPart p => $"process substitution '{p.Direction}({p.Text})'",
        TildePart t => $"tilde expansion '~{t.User}'",
        _ => $"expansion '{part}'",
    };

    private static bool HasLeadingZero(string number) =>
        number.TrimStart('-') is { Length: > 1 } digits && digits[0] == '0';

    private static string Format(int value, int width) =>
        value < 0
            ? "-" + (-(long)value).ToString(CultureInfo.InvariantCulture).PadLeft(Math.Max(0, width - 1), '0')
            : value.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');

    // {a,b,c} or {1..5} / {a..e}; nested braces are refused.
    private static List<string>? Alternatives(string text)
    {
        if (text.Length < 2 || text[0] != '{' || text[^1] != '}')
        {
            return null;
        }

        // Nested braces, and quoting inside the braces (kept as written by the parser), are refused rather than guessed.
        var inner = text[1..^1];
        if (inner.AsSpan().IndexOfAny(BraceRefused) >= 0)
        {
            return null;
        }

        if (inner.Contains(',', StringComparison.Ordinal))
        {
            return [.. inner.Split(',')];
        }

        var range = inner.Split("..");
        if (range.Length != 2)
        {
            return null;
        }

        if (int.TryParse(range[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var from)
            && int.TryParse(range[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var to))
        {
            var count = Math.Abs((long)to - from) + 1;
            if (count > MaxBraceResults)
            {
                return null;
            }

            // As bash: a zero-padded endpoint ({01..10}) pads every number to the wider endpoint's width.
            var padded = HasLeadingZero(range[0]) || HasLeadingZero(range[1]);
            var width = Math.Max(range[0].Length, range[1].Length);
            var step = from <= to ? 1 : -1;
            return [.. Enumerable.Range(0, (int)count).Select(i => Format(from + (i * step), padded ? width : 0))];
        }

        if (range[0].Length == 1 && range[1].Length == 1 && char.IsAsciiLetter(range[0][0]) && char.IsAsciiLetter(range[1][0]))
        {
            var (a, b) = (range[0][0], range[1][0]);
            var step = a <= b ? 1 : -1;
            return [.. Enumerable.Range(0, Math.Abs(b - a) + 1).Select(i => ((char)(a + (i * step))).ToString())];
        }

        return null;
    }
}

/// <summary>One field of an expanded word; <see cref="Glob"/> when the tool must expand it as a pathname pattern.</summary>
public readonly record struct ExpandedWord(string Text, bool Glob);
