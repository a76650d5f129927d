using System.Text;
using System.Text.RegularExpressions;

namespace ToolGate.Core.Text;

/// <summary>
/// A glob: <c>**</c> matches anything (slashes included), <c>*</c> anything but a slash, <c>?</c> one
/// character but a slash. A trailing <c>/**</c> also matches the directory itself. Matching is linear-time.
/// </summary>
public sealed class GlobPattern
{
    private static readonly System.Buffers.SearchValues<char> Wildcards = System.Buffers.SearchValues.Create("*?");

    private readonly Regex _regex;

    // For a pattern without wildcards before an optional trailing "/**" (the usual "/workspace/**"): the regex's
    // answer by plain comparison, so the common path scope check runs no regex.
    private readonly string? _literal;
    private readonly bool _literalMatchesBelow;

    private GlobPattern(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
        var below = pattern.EndsWith("/**", StringComparison.Ordinal);
        var body = below ? pattern[..^3] : pattern;
        if (body.AsSpan().IndexOfAny(Wildcards) < 0)
        {
            _literal = body;
            _literalMatchesBelow = below;
        }
    }

    public string Pattern { get; }

    public static GlobPattern Create(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var regex = new StringBuilder("^");
        var body = pattern;
        var matchesDirectoryItself = pattern.EndsWith("/**", StringComparison.Ordinal);
        if (matchesDirectoryItself)
        {
            body = pattern[..^3];
        }

        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '*' && i + 1 < body.Length && body[i + 1] == '*')
            {
                regex.Append(".*");
                i++;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        if (matchesDirectoryItself)
        {
            regex.Append("(/.*)?");
        }

        regex.Append(@"\z"); // not '$', which also matches before a final newline
        var options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | RegexOptions.Singleline;
        return new GlobPattern(pattern, new Regex(regex.ToString(), options));
    }

    public bool IsMatch(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_literal is null)
        {
            return _regex.IsMatch(value);
        }

        // ^literal(/.*)?\z with '.' matching newlines too: the literal itself, or anything below "literal/".
        return value.StartsWith(_literal, StringComparison.Ordinal)
            && (value.Length == _literal.Length || (_literalMatchesBelow && value[_literal.Length] == '/'));
    }

    /// <summary>True when the pattern matches <paramref name="path"/> and everything below it (<c>/workspace/**</c> and <c>/workspace/src</c>).</summary>
    internal bool MatchesEverythingBelow(string path) => _literal is not null && _literalMatchesBelow && IsMatch(path);

    public override string ToString() => Pattern;
}
