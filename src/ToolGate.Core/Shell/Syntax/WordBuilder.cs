using System.Collections.Immutable;
using System.Text;

namespace ToolGate.Core.Shell.Syntax;

/// <summary>What a piece of a word being read is.</summary>
internal enum WordPieceKind
{
    Literal,
    Part,
    Glob,
    OpenBrace,
    Comma,
    CloseBrace,
    OpenBracket,
    CloseBracket,
}

/// <summary>
/// Collects the pieces of one word as the parser reads it: literal text (quoted or not), expansion parts, and the
/// unquoted characters that may turn out to be brace expansions or bracket expressions. <see cref="Build"/> decides
/// those once the word is complete, in one pass with a stack (no re-scanning), and merges adjacent literals that
/// are equally quoted.
/// </summary>
internal sealed class WordBuilder(bool expansionsOnly = false)
{
    private readonly List<Piece> pieces = [];
    private readonly StringBuilder literals = new();
    private bool hasBraces;
    private bool hasBrackets;

    /// <param name="TextStart">Where the piece's text starts in the literal buffer (markers and globs keep their character there too).</param>
    /// <param name="Start">Where the piece starts in the source.</param>
    /// <param name="End">Where the piece ends in the source.</param>
    private readonly record struct Piece(WordPieceKind Kind, int TextStart, int TextLength, bool Quoted, WordPart? Part, int Start, int End);

    private struct BraceFrame(int index)
    {
        public int Index = index;
        public bool Comma;
        public bool Complex; // anything but unquoted literal text: then not a {a..b} sequence
        public bool Expansion; // an expansion inside: not kept as one BracePart
    }

    public void AddLiteral(char c, bool quoted, int start, int end)
    {
        if (!expansionsOnly)
        {
            literals.Append(c);
            ExtendLiteral(1, quoted, start, end);
        }
    }

    public void AddLiteral(ReadOnlySpan<char> text, bool quoted, int start, int end)
    {
        if (!expansionsOnly)
        {
            literals.Append(text);
            ExtendLiteral(text.Length, quoted, start, end);
        }
    }

    public void AddPart(WordPart part, int start, int end) =>
        pieces.Add(new Piece(WordPieceKind.Part, 0, 0, false, part, start, end));

    public void AddGlob(char c, int start) => AddMarker(WordPieceKind.Glob, c, start);

    public void AddMarker(WordPieceKind kind, char c, int start)
    {
        if (expansionsOnly)
        {
            return;
        }

        hasBraces |= kind == WordPieceKind.OpenBrace;
        hasBrackets |= kind == WordPieceKind.OpenBracket;
        literals.Append(c);
        pieces.Add(new Piece(kind, literals.Length - 1, 1, false, null, start, start + 1));
    }

    /// <summary>The expansion parts only (for the text inside <c>${…}</c> and arithmetic).</summary>
    public ImmutableArray<WordPart> Expansions()
    {
        var parts = ImmutableArray.CreateBuilder<WordPart>();
        foreach (var piece in pieces)
        {
            if (piece.Part is { } part)
            {
                parts.Add(part);
            }
        }

        return parts.ToImmutable();
    }

    /// <summary>Empties the builder so the parser can use it for the next word.</summary>
    public void Clear()
    {
        pieces.Clear();
        literals.Clear();
        hasBraces = hasBrackets = false;
    }

    /// <summary>The word's parts; <paramref name="source"/> is the text the piece offsets point into.</summary>
    public ImmutableArray<WordPart> Build(string source)
    {
        // The usual word: one run of literal text.
        if (pieces.Count == 1 && pieces[0] is { Kind: WordPieceKind.Literal } only)
        {
            return [new LiteralPart(literals.ToString(only.TextStart, only.TextLength), only.Quoted)];
        }

        var braceEnds = hasBraces ? FindBraceExpansions() : null;
        var bracketEnds = hasBrackets ? FindBracketExpressions(braceEnds) : null;
        var parts = ImmutableArray.CreateBuilder<WordPart>();

        // A run is consecutive pieces with no part between them, so its text is one stretch of the literal buffer.
        var runStart = 0;
        var runEnd = 0;
        WordPieceKind? runKind = null; // Literal or Glob
        var runQuoted = false;

        void Flush()
        {
            if (runKind == WordPieceKind.Literal)
            {
                parts.Add(new LiteralPart(literals.ToString(runStart, runEnd - runStart), runQuoted));
            }
            else if (runKind == WordPieceKind.Glob)
            {
                parts.Add(new GlobPart(literals.ToString(runStart, runEnd - runStart)));
            }

            runKind = null;
        }

        void Append(WordPieceKind kind, bool quoted, int textStart, int textLength)
        {
            if (runKind != kind || (kind == WordPieceKind.Literal && runQuoted != quoted) || textStart != runEnd)
            {
                Flush();
                runKind = kind;
                runQuoted = quoted;
                runStart = textStart;
            }

            runEnd = textStart + textLength;
        }

        for (var i = 0; i < pieces.Count; i++)
        {
            var piece = pieces[i];
            var end = braceEnds?[i] ?? -1;
            var isBrace = end >= 0;
            end = isBrace ? end : bracketEnds?[i] ?? -1;
            if (end >= 0)
            {
                Flush();
                var text = source[piece.Start..pieces[end].End];
                parts.Add(isBrace ? new BracePart(text) : new GlobPart(text));
                i = end;
                continue;
            }

            switch (piece.Kind)
            {
                case WordPieceKind.Part:
                    Flush();
                    parts.Add(piece.Part!);
                    break;
                case WordPieceKind.Glob:
                    Append(WordPieceKind.Glob, false, piece.TextStart, piece.TextLength);
                    break;
                default: // literal text, or a brace or bracket character that is not part of an expansion
                    Append(WordPieceKind.Literal, piece.Quoted, piece.TextStart, piece.TextLength);
                    break;
            }
        }

        Flush();
        return parts.DrainToImmutable();
    }

    private void ExtendLiteral(int length, bool quoted, int start, int end)
    {
        if (pieces.Count > 0 && pieces[^1] is { Kind: WordPieceKind.Literal } last && last.Quoted == quoted)
        {
            pieces[^1] = last with { TextLength = last.TextLength + length, End = end };
            return;
        }

        pieces.Add(new Piece(WordPieceKind.Literal, literals.Length - length, length, quoted, null, start, end));
    }

    /// <summary>
    /// Matches unquoted braces with a stack: <c>{…}</c> is a brace expansion when it has a comma at its own level,
    /// or is a plain <c>x..y</c> sequence, and holds no parameter or command expansion (those stay visible as parts).
    /// Returns, per opening brace, the index of its closing brace (or -1).
    /// </summary>
    private int[]? FindBraceExpansions()
    {
        int[]? ends = null;
        var stack = new List<BraceFrame>();
        for (var i = 0; i < pieces.Count; i++)
        {
            var piece = pieces[i];
            if (piece.Kind == WordPieceKind.OpenBrace)
            {
                stack.Add(new BraceFrame(i));
                continue;
            }

            if (stack.Count == 0)
            {
                continue;
            }

            var top = stack[^1];
            switch (piece.Kind)
            {
                case WordPieceKind.Comma:
                    top.Comma = true;
                    break;
                case WordPieceKind.CloseBrace:
                    stack.RemoveAt(stack.Count - 1);
                    if (!top.Expansion && (top.Comma || (!top.Complex && IsSequence(top.Index + 1, i))))
                    {
                        ends ??= NewIndex();
                        ends[top.Index] = i;
                    }

                    if (stack.Count > 0)
                    {
                        var outer = stack[^1];
                        outer.Complex = true;
                        outer.Expansion |= top.Expansion;
                        stack[^1] = outer;
                    }

                    continue;
                case WordPieceKind.Part:
                    top.Expansion = true;
                    break;
                case WordPieceKind.Literal when !piece.Quoted:
                    break;
                default:
                    top.Complex = true;
                    break;
            }

            stack[^1] = top;
        }

        return ends;
    }

    /// <summary>Unquoted literal text between the braces of the form <c>x..y[..step]</c> (<c>{1..5}</c>, <c>{a..e}</c>).</summary>
    private bool IsSequence(int from, int to)
    {
        var text = new StringBuilder();
        for (var i = from; i < to; i++)
        {
            text.Append(literals, pieces[i].TextStart, pieces[i].TextLength);
        }

        var ends = text.ToString().Split("..");
        return ends.Length is 2 or 3 && Array.TrueForAll(ends, e => e.Length > 0);
    }

    /// <summary>
    /// Per unquoted <c>[</c>, the index of the <c>]</c> closing its bracket expression (a <c>]</c> right after
    /// <c>[</c>, <c>[!</c> or <c>[^</c> is a member), or -1. An expression holding an expansion, or overlapping a
    /// brace expansion, is not one.
    /// </summary>
    private int[]? FindBracketExpressions(int[]? braceEnds)
    {
        var count = pieces.Count;
        var nextClose = new int[count + 1];
        nextClose[count] = -1;
        for (var i = count - 1; i >= 0; i--)
        {
            nextClose[i] = pieces[i].Kind == WordPieceKind.CloseBracket ? i : nextClose[i + 1];
        }

        // Prefix counts of expansion parts and brace-expansion starts, to test a range in O(1).
        var blockers = new int[count + 1];
        for (var i = 0; i < count; i++)
        {
            var blocks = pieces[i].Kind == WordPieceKind.Part || (braceEnds is not null && braceEnds[i] >= 0);
            blockers[i + 1] = blockers[i] + (blocks ? 1 : 0);
        }

        int[]? ends = null;
        for (var i = 0; i < count; i++)
        {
            if (pieces[i].Kind != WordPieceKind.OpenBracket)
            {
                continue;
            }

            var first = i + 1;
            if (first < count && pieces[first] is { Kind: WordPieceKind.Literal, Quoted: false, TextLength: 1 } negation
                && literals[negation.TextStart] is '!' or '^')
            {
                first++;
            }

            var close = first < count ? nextClose[first] : -1;
            if (close == first)
            {
                close = close + 1 < count ? nextClose[close + 1] : -1;
            }

            if (close > i && blockers[close] - blockers[i + 1] == 0)
            {
                ends ??= NewIndex();
                ends[i] = close;
            }
        }

        return ends;
    }

    private int[] NewIndex()
    {
        var index = new int[pieces.Count];
        Array.Fill(index, -1);
        return index;
    }
}
