using System.IO.Enumeration;

namespace ToolGate.Samples.ShellTool;

/// <summary>
/// Pathname expansion of one argv word, like bash's defaults: the pattern is split at <c>/</c> and each segment with
/// wildcards (<see cref="GlobPattern"/>) is matched against the entries of the directories matched so far; a segment
/// without wildcards (including <c>.</c> and <c>..</c>) is taken literally and must exist. Names starting with
/// <c>.</c> only match a segment that starts with <c>.</c>; <c>.</c> and <c>..</c> are never produced by a wildcard.
/// A relative pattern is matched in cwd and yields relative words, an absolute one from <c>/</c>. Matches are sorted
/// ordinally; with none, the word stays as written (no nullglob, no failglob).
/// </summary>
internal static class GlobExpander
{
    public const int MaxMatches = 10_000;

    /// <summary>Directory entries looked at for one word; past this the expansion fails rather than walk a whole disk.</summary>
    public const int MaxEntriesScanned = 1_000_000;

    private static readonly EnumerationOptions ListOptions = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = true,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    /// <returns>The words the pattern expands to, or null with <paramref name="error"/> set when a limit was hit.</returns>
    public static IReadOnlyList<string>? Expand(string pattern, string cwd, CancellationToken cancellationToken, out string? error)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        error = null;
        var segments = pattern.Split('/');
        var absolute = pattern.StartsWith('/');

        // Word so far (as it will be passed on) and the path it stands for on disk.
        List<(string Word, string Path)> matches = [(string.Empty, absolute ? "/" : cwd)];
        var scanned = 0;
        for (var i = absolute ? 1 : 0; i < segments.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var segment = segments[i];
            var last = i == segments.Length - 1;
            var glob = new GlobPattern(segment);
            var next = new List<(string Word, string Path)>();
            foreach (var (word, path) in matches)
            {
                var prefix = i == 0 ? string.Empty : word + "/";
                if (!glob.HasWildcards)
                {
                    // "a//b" and a trailing "/" give empty segments: the path so far must then be a directory.
                    var literal = Path.Join(path, segment);
                    if (last && segment.Length > 0 ? Exists(literal) : Directory.Exists(literal))
                    {
                        next.Add((prefix + segment, literal));
                    }

                    continue;
                }

                foreach (var name in List(path))
                {
                    if (++scanned % 4096 == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    if (scanned > MaxEntriesScanned)
                    {
                        error = $"bash: {pattern}: pathname expansion looked at more than {MaxEntriesScanned} directory entries\n";
                        return null;
                    }

                    if ((name.StartsWith('.') && !segment.StartsWith('.')) || !glob.IsMatch(name))
                    {
                        continue;
                    }

                    var candidate = Path.Join(path, name);
                    if (!last && !Directory.Exists(candidate))
                    {
                        continue;
                    }

                    next.Add((prefix + name, candidate));
                    if (next.Count > MaxMatches)
                    {
                        error = $"bash: {pattern}: pathname expansion matched more than {MaxMatches} names\n";
                        return null;
                    }
                }
            }

            if (next.Count == 0)
            {
                return [pattern];
            }

            matches = next;
        }

        var words = matches.Select(m => m.Word).ToList();
        words.Sort(StringComparer.Ordinal);
        return words;
    }

    // Any entry, including a dangling symbolic link (bash lists what readdir returns).
    private static bool Exists(string path) => Path.Exists(path) || new FileInfo(path).LinkTarget is not null;

    // Lazily, so a huge directory costs no more than the entries looked at.
    private static IEnumerable<string> List(string directory)
    {
        using var entries = Open(directory);
        while (entries is not null && TryMoveNext(entries))
        {
            yield return entries.Current;
        }
    }

    private static IEnumerator<string>? Open(string directory)
    {
        try
        {
            return new FileSystemEnumerable<string>(directory, (ref FileSystemEntry entry) => entry.FileName.ToString(), ListOptions).GetEnumerator();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Unreadable or vanished: nothing matches there.
            return null;
        }
    }

    private static bool TryMoveNext(IEnumerator<string> entries)
    {
        try
        {
            return entries.MoveNext();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
