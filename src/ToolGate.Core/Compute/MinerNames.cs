using System.Collections.Frozen;
using System.Collections.Immutable;

namespace ToolGate.Core.Compute;

/// <summary>
/// Miner names (<c>compute.yaml</c> imageNames and the miner programs of <c>shell.yaml</c>) and miner text
/// (imageText), matched against names that say what runs: an image's path components and a program's file name.
/// A name counts whole, as a word (split at '-', '_', '.': <c>xmrig-cuda</c>, <c>xmrig.exe</c>, <c>.xmrig</c>) or with
/// separators inside it (<c>xm-rig</c>, <c>x.m.r.i.g</c>); text counts anywhere (<c>xmrig64</c>).
/// </summary>
internal sealed class MinerNames
{
    private static readonly char[] WordSeparators = ['-', '_', '.'];

    private readonly FrozenSet<string> _names;
    private readonly ImmutableArray<string> _text;

    // Names and text without their separators, for names that hide a miner behind separators.
    private readonly FrozenSet<string> _joined;

    public MinerNames(IEnumerable<string> names, ImmutableArray<string> text)
    {
        _names = names.ToFrozenSet(StringComparer.Ordinal);
        _text = text;
        _joined = _names.Concat(text).Select(Joined).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>Whether a lower-case word is exactly a miner name.</summary>
    public bool Contains(string word) => _names.Contains(word);

    /// <summary>The miner text a lower-case string contains anywhere, or null.</summary>
    public string? TextIn(string lower) => _text.FirstOrDefault(t => lower.Contains(t, StringComparison.Ordinal));

    /// <summary>The miner a lower-case name stands for, whole, as a word or with separators inside; or null.</summary>
    public string? Named(string lower)
    {
        if (_names.Contains(lower))
        {
            return lower;
        }

        if (lower.Split(WordSeparators).FirstOrDefault(_names.Contains) is { } word)
        {
            return word;
        }

        var joined = Joined(lower);
        return joined.Length != lower.Length && _joined.Contains(joined) ? joined : null;
    }

    private static string Joined(string name) => string.Concat(name.Split(WordSeparators));
}
