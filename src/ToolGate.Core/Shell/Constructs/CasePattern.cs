using System.Collections.Immutable;
using ToolGate.Core.Shell.Syntax;

namespace ToolGate.Core.Shell.Constructs;

/// <summary>
/// A <c>case</c> pattern matched as bash matches it against the case word: <c>*</c> any string, <c>?</c> any character,
/// <c>[…]</c> one character of a set (ranges in code point order, <c>!</c>/<c>^</c> negation, POSIX classes in the C locale),
/// quoted text literally. Only patterns that are static are read: an expansion in one, a bracket expression with quotes or
/// escapes inside, or text outside the Basic Multilingual Plane is refused rather than guessed.
/// </summary>
internal sealed class CasePattern
{
    private readonly ImmutableArray<Element> elements;

    private CasePattern(ImmutableArray<Element> elements) => this.elements = elements;

    /// <summary>The pattern of a word, or null with <paramref name="problem"/> when it is not one ToolGate can match exactly.</summary>
    public static CasePattern? TryParse(Word word, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(word);
        problem = null;
        var elements = ImmutableArray.CreateBuilder<Element>();
        var parts = word.Parts;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];

            // The parser closes a bracket expression at the first ']', so '[[:digit:]]' arrives as '[[:digit:]' and ']'.
            if (part is GlobPart { Text: ['[', .., ':', ']'] } open && i + 1 < parts.Length && parts[i + 1] is LiteralPart { Quoted: false, Text: [']', ..] } rest)
            {
                part = new GlobPart(open.Text + "]");
                parts = parts.SetItem(i + 1, rest with { Text = rest.Text[1..] });
            }

            switch (part)
            {
                case LiteralPart literal when !HasSurrogates(literal.Text):
                    foreach (var c in literal.Text)
                    {
                        elements.Add(Element.Literal(c));
                    }

                    break;
                case GlobPart glob when glob.Text.StartsWith('['):
                    if (CharacterSet.TryParse(glob.Text) is not { } set)
                    {
                        problem = $"case pattern '{word.Source}' has a bracket expression ToolGate cannot match exactly";
                        return null;
                    }

                    elements.Add(Element.OneOf(set));
                    break;
                case GlobPart glob:
                    foreach (var c in glob.Text)
                    {
                        elements.Add(c == '*' ? Element.AnyString : Element.AnyCharacter);
                    }

                    break;
                case LiteralPart:
                    problem = $"case pattern '{word.Source}' has characters outside the Basic Multilingual Plane";
                    return null;
                default:
                    problem = $"case pattern '{word.Source}' is not static ({WordExpander.Describe(part)})";
                    return null;
            }
        }

        return new CasePattern(elements.ToImmutable());
    }

    /// <summary>True when the whole of <paramref name="text"/> matches.</summary>
    public bool Matches(string text)
    {
        // Classic wildcard matching: on a mismatch, let the last '*' swallow one more character. O(pattern × text).
        int t = 0, p = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < elements.Length && elements[p].Kind == ElementKind.AnyString)
            {
                starP = p++;
                starT = t;
            }
            else if (p < elements.Length && elements[p].Accepts(text[t]))
            {
                p++;
                t++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (p < elements.Length && elements[p].Kind == ElementKind.AnyString)
        {
            p++;
        }

        return p == elements.Length;
    }

    /// <summary>Text that pattern matching cannot treat one character at a time as bash does (a pair is one character there).</summary>
    public static bool HasSurrogates(string text) => text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;

    private enum ElementKind
    {
        Literal,
        AnyCharacter,
        AnyString,
        Set,
    }

    private readonly record struct Element(ElementKind Kind, char Character, CharacterSet? Set)
    {
        public static Element AnyString => new(ElementKind.AnyString, '\0', null);

        public static Element AnyCharacter => new(ElementKind.AnyCharacter, '\0', null);

        public static Element Literal(char c) => new(ElementKind.Literal, c, null);

        public static Element OneOf(CharacterSet set) => new(ElementKind.Set, '\0', set);

        public bool Accepts(char c) => Kind switch
        {
            ElementKind.Literal => c == Character,
            ElementKind.AnyCharacter => true,
            ElementKind.Set => Set!.Contains(c),
            _ => false,
        };
    }
}
