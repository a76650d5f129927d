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

    /// <summary>The fields a word expands to; <c>Glob</c> when it has unquoted glob characters.</summary>
    public static ImmutableArray<ExpandedWord> Expand(Word word, out string? error)
    {
        var results = new List<StringBuilder> { new() };
        var glob = false;
        foreach (var part in word.Parts)
        {
            switch (part)
            {
                case LiteralPart literal:
                    results.ForEach(r => r.Append(literal.Text));
                    break;
                case GlobPart globPart:
                    glob = true;
                    results.ForEach(r => r.Append(globPart.Text));
                    break;
                case BracePart brace:
                    if (Alternatives(brace.Text) is not { } alternatives || alternatives.Count * results.Count > MaxBraceResults)
                    {
                        error = $"brace expansion '{brace.Text}' is not a simple list or range of at most {MaxBraceResults} items";
                        return [];
                    }

                    results = [.. results.SelectMany(r => alternatives.Select(a => new StringBuilder(r.ToString()).Append(a)))];
                    break;
                default:
                    error = Describe(part);
                    return [];
            }
        }

        // The tool expands a glob word as one pattern: quoted glob characters in it would turn into wildcards.
        if (glob && word.Parts.OfType<LiteralPart>().Any(l => l.Quoted && l.Text.AsSpan().IndexOfAny("*?[]\\") >= 0))
        {
            error = $"quoted glob characters inside a pattern '{word.Source}'";
            return [];
        }

        // An unquoted brace expansion that yields an empty word ({x,,y}) yields no word at all, as in bash.
        var dropEmpty = word.Parts.Any(p => p is BracePart) && !word.Parts.Any(p => p is LiteralPart { Quoted: true });
        error = null;
        return [.. results.Select(r => r.ToString()).Where(text => !dropEmpty || text.Length > 0).Select(text => new ExpandedWord(text, glob))];
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
public sealed record ExpandedWord(string Text, bool Glob);
