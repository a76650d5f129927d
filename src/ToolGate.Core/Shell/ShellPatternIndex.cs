using System.Collections.Frozen;
using System.Collections.Immutable;

namespace ToolGate.Core.Shell;

/// <summary>
/// One program's patterns (in grant order) indexed by their second word, built once per policy snapshot. A pattern
/// of two or more words matches only an argv whose second word is its own, so a decision looks at the one-word
/// patterns and those naming argv[1], still in grant order: the same first match as scanning them all, without
/// scanning a thousand <c>git …</c> patterns.
/// </summary>
internal sealed class ShellPatternIndex
{
    private readonly ImmutableArray<(ShellPattern Pattern, CompiledShellGrant Grant)> _patterns;
    private readonly int[] _oneWord;
    private readonly FrozenDictionary<string, int[]> _bySecondWord;

    public ShellPatternIndex(ImmutableArray<(ShellPattern Pattern, CompiledShellGrant Grant)> patterns)
    {
        _patterns = patterns;
        var oneWord = new List<int>();
        var bySecondWord = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < patterns.Length; i++)
        {
            var words = patterns[i].Pattern.Words;
            if (words.Length < 2)
            {
                oneWord.Add(i);
                continue;
            }

            if (!bySecondWord.TryGetValue(words[1], out var indexes))
            {
                bySecondWord[words[1]] = indexes = [];
            }

            indexes.Add(i);
        }

        _oneWord = [.. oneWord];
        _bySecondWord = bySecondWord.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The patterns that can match <paramref name="argv"/>, in grant order.</summary>
    public Candidates For(ImmutableArray<string> argv) =>
        new(_patterns, _oneWord, argv.Length > 1 && _bySecondWord.TryGetValue(argv[1], out var named) ? named : []);

    /// <summary>Merges the two ascending index lists (one-word patterns, patterns naming argv[1]) without allocating.</summary>
    public struct Candidates(ImmutableArray<(ShellPattern Pattern, CompiledShellGrant Grant)> patterns, int[] first, int[] second)
    {
        private int _i;
        private int _j;

        public (ShellPattern Pattern, CompiledShellGrant Grant) Current { get; private set; }

        public readonly Candidates GetEnumerator() => this;

        public bool MoveNext()
        {
            int next;
            if (_i < first.Length && (_j >= second.Length || first[_i] < second[_j]))
            {
                next = first[_i++];
            }
            else if (_j < second.Length)
            {
                next = second[_j++];
            }
            else
            {
                return false;
            }

            Current = patterns[next];
            return true;
        }
    }
}
