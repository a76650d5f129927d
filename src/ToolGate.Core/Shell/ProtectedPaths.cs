using System.Collections.Immutable;

namespace ToolGate.Core.Shell;

/// <summary>
/// Files a guardrail protects from writes (<c>shell.yaml</c> → <c>guardrails.protectedPaths</c>): cron tables, systemd
/// units, shell start-up files, <c>authorized_keys</c>, git hooks (persistence); sudoers, passwd, PAM (privilege
/// escalation). An entry starting with <c>/</c> is a prefix of the absolute path; any other matches a path containing
/// <c>/entry</c>, so <c>.bashrc</c> is every user's and <c>.git/hooks/</c> every repository's. Paths are resolved
/// lexically against the working directory (<see cref="PathScope.Normalize"/>), so <c>..</c> and <c>//</c> do not hide one.
/// </summary>
public sealed class ProtectedPaths
{
    private readonly ImmutableArray<(string Entry, string Class)> _rooted;
    private readonly ImmutableArray<(string Entry, string Class)> _anywhere;

    public ProtectedPaths(IReadOnlyDictionary<string, List<string>> byClass)
    {
        ArgumentNullException.ThrowIfNull(byClass);
        var entries = byClass.SelectMany(pair => pair.Value.Select(entry => (Entry: entry, Class: pair.Key))).ToList();
        _rooted = [.. entries.Where(e => e.Entry.StartsWith('/'))];
        _anywhere = [.. entries.Where(e => !e.Entry.StartsWith('/')).Select(e => ("/" + e.Entry, e.Class))];
    }

    public bool IsEmpty => _rooted.IsEmpty && _anywhere.IsEmpty;

    /// <summary>The class and entry of the protected path <paramref name="path"/> names (against <paramref name="cwd"/>), or null.</summary>
    public (string Class, string Entry)? Match(string path, string? cwd)
    {
        if (path.Length == 0 || IsEmpty)
        {
            return null;
        }

        var absolute = PathScope.Normalize(path.StartsWith('/') ? path : string.Concat(cwd is { Length: > 0 } ? cwd : "/", "/", path));
        foreach (var (entry, pathClass) in _rooted)
        {
            if (absolute.StartsWith(entry, StringComparison.Ordinal)
                || (entry.EndsWith('/') && absolute.Length == entry.Length - 1 && entry.StartsWith(absolute, StringComparison.Ordinal)))
            {
                return (pathClass, entry);
            }
        }

        foreach (var (entry, pathClass) in _anywhere)
        {
            // A whole segment run: .profile is not .profiler; a directory entry also matches the directory itself.
            for (var at = absolute.IndexOf(entry, StringComparison.Ordinal); at >= 0; at = absolute.IndexOf(entry, at + 1, StringComparison.Ordinal))
            {
                var end = at + entry.Length;
                if (entry.EndsWith('/') || end == absolute.Length || absolute[end] == '/')
                {
                    return (pathClass, entry[1..]);
                }
            }

            if (entry.EndsWith('/') && absolute.EndsWith(entry[..^1], StringComparison.Ordinal))
            {
                return (pathClass, entry[1..]);
            }
        }

        return null;
    }
}
