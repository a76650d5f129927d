using System.Collections.Immutable;
using ToolGate.Core.Text;

namespace ToolGate.Core.Shell;

/// <summary>
/// The directories a shell grant confines file arguments to. Foundation heuristic for which arguments
/// name files: anything that starts with <c>/ ./ ../</c>, is <c>.</c> or <c>..</c>, or contains a slash,
/// including the value of <c>--opt=value</c> and every way a short-option cluster can end in a value
/// (<c>-o/tmp/x</c>, <c>-uo/tmp/x</c>). Arguments are
/// resolved lexically against the working directory, so <c>..</c> cannot climb out.
/// </summary>
public sealed class PathScope
{
    private const string FilesFrom = "--files0-from";

    private static bool ReadsFileNames(string argument) =>
        argument.Length >= FilesFrom.Length && argument[2] == 'f' && argument[0] == '-' && argument.StartsWith(FilesFrom, StringComparison.Ordinal);

    private static readonly System.Buffers.SearchValues<char> ReferenceMarks = System.Buffers.SearchValues.Create("@:<");

    private static readonly System.Buffers.SearchValues<char> OptionLetters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    private readonly ImmutableArray<GlobPattern> _globs;

    public PathScope(IEnumerable<string> globs)
    {
        _globs = [.. globs.Select(GlobPattern.Create)];
    }

    public bool IsUnrestricted => _globs.IsEmpty;

    /// <summary>
    /// Null when every file argument (and every file in <paramref name="files"/>, such as input
    /// redirection targets) is inside the scope; otherwise why not.
    /// </summary>
    public string? Check(ImmutableArray<string> argv, string? cwd, ImmutableArray<string> files = default)
    {
        if (IsUnrestricted)
        {
            return null;
        }

        if (cwd is null || !cwd.StartsWith('/'))
        {
            return "the grant limits paths, so an absolute working directory (cwd) is required";
        }

        // Every command of a line (and the next line of the same agent, usually) has the same cwd: its checks are kept.
        var directory = _lastDirectory;
        if (directory is null || !string.Equals(directory.Cwd, cwd, StringComparison.Ordinal))
        {
            _lastDirectory = directory = CheckDirectory(cwd);
        }

        var workingDirectory = directory.Normalized;
        if (!directory.Inside)
        {
            return $"working directory '{cwd}' is outside the granted paths";
        }

        var coversBelow = directory.CoversBelow;
        foreach (var file in files.IsDefault ? [] : files)
        {
            var resolved = Resolve(workingDirectory, file);
            if (!Contains(resolved))
            {
                return $"file '{file}' resolves to '{resolved}', outside the granted paths";
            }
        }

        for (var i = 1; i < argv.Length; i++)
        {
            var argument = argv[i];
            if (IsShortOptionCluster(argument))
            {
                // -uo/etc/x: which letters take a value is the program's business, so the value may start after any
                // run of option letters (o/etc/x after -u, /etc/x after -uo); every such reading must stay inside.
                for (var start = 1; start < argument.Length && (start == 1 || IsValueStart(argument, start)); start++)
                {
                    // A reading that names no file (-20, -la) is ruled out before its text is cut out.
                    if (LooksLikePath(argument.AsSpan(start)) && OutsideScope(workingDirectory, argument[start..]) is { } escaped)
                    {
                        return $"argument '{argument}' resolves to '{escaped}', outside the granted paths "
                            + "(read as option letters followed by a value; pass the option and its value as separate words)";
                    }

                    // -d@file, -F<file: the value names a file to read (curl, response files).
                    if (argument[start] is '@' or '<' && start + 1 < argument.Length && LooksLikePath(argument.AsSpan(start + 1))
                        && OutsideScope(workingDirectory, argument[(start + 1)..]) is { } referenced)
                    {
                        return $"argument '{argument}' names the file '{argument[(start + 1)..]}', which resolves to '{referenced}', outside the granted paths";
                    }
                }
            }
            else
            {
                // wc, du, sort --files0-from=F: the names of the files to open are in F (or stdin), where no check sees them.
                if (ReadsFileNames(argument))
                {
                    return $"argument '{argument}' reads the names of the files to open from elsewhere, which cannot be checked against the granted paths";
                }

                if (PathCandidate(argument) is not { } candidate)
                {
                    continue;
                }

                if (!(coversBelow && IsPlainRelative(candidate)) && OutsideScope(workingDirectory, candidate) is { } resolved)
                {
                    return $"argument '{argument}' resolves to '{resolved}', outside the granted paths";
                }

                // A file named inside a path-like argument (every such reference has a '/': @/etc/x, f=@/etc/x,
                // file:///etc/x, HEAD:../x).
                if (argument.AsSpan().IndexOfAny(ReferenceMarks) >= 0
                    && ReferencedFile(argument) is { } referenced && OutsideScope(workingDirectory, referenced) is { } referencedResolved)
                {
                    return $"argument '{argument}' names the file '{referenced}', which resolves to '{referencedResolved}', outside the granted paths";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A file an argument names without being one: <c>@file</c> and <c>name=@file</c> / <c>name=&lt;file</c> (curl's
    /// data and form files, response files), <c>-d@file</c>, <c>file://</c> URLs, and a revision path that climbs
    /// (<c>HEAD:../../x</c>, resolved against the working directory like git does).
    /// </summary>
    private static string? ReferencedFile(string argument)
    {
        var span = argument.AsSpan();
        var at = span.IndexOfAny('@', '<');
        if (at >= 0 && (at == 0 || span[at - 1] == '=' || (at == 2 && span[0] == '-' && span[1] != '-')) && LooksLikePath(span[(at + 1)..]))
        {
            return argument[(at + 1)..];
        }

        var separator = span.IndexOf("://", StringComparison.Ordinal);
        if (separator >= 4 && span.Slice(separator - 4, 4).Equals("file", StringComparison.OrdinalIgnoreCase))
        {
            var rest = span[(separator + 3)..];
            var slash = rest.IndexOf('/');
            return slash < 0 ? null : rest[slash..].ToString();
        }

        // <rev>:<path>: the path after the first ':' when it climbs (HEAD:../../etc/passwd); ':/text' is a message search.
        var colon = span.IndexOf(':');
        return colon > 0 && span[(colon + 1)..] is var path && !path.StartsWith("//") && ClimbsUp(path) ? argument[(colon + 1)..] : null;
    }

    private static bool ClimbsUp(ReadOnlySpan<char> path) =>
        path is ".." || path.StartsWith("../") || path.EndsWith("/..") || path.Contains("/../", StringComparison.Ordinal);

    /// <summary>
    /// A working directory's checks. <see cref="CoversBelow"/>: a relative path with no empty, '.' or '..' segment
    /// resolves below the directory, so when a glob covers everything below it such a path is inside without building
    /// its absolute form.
    /// </summary>
    private sealed record DirectoryCheck(string Cwd, string Normalized, bool Inside, bool CoversBelow);

    // Shared by the threads deciding with this policy snapshot: replaced whole, so a reader sees one cwd's checks.
    private DirectoryCheck? _lastDirectory;

    private DirectoryCheck CheckDirectory(string cwd)
    {
        var normalized = Normalize(cwd);
        return new DirectoryCheck(cwd, normalized, Contains(normalized), normalized.Length > 1 && CoversEverythingBelow(normalized));
    }

    private bool CoversEverythingBelow(string directory)
    {
        foreach (var glob in _globs)
        {
            if (glob.MatchesEverythingBelow(directory))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>a/b</c>: relative, and no segment is empty, <c>.</c> or <c>..</c>.</summary>
    private static bool IsPlainRelative(string path) => path.Length > 0 && path[0] != '/' && SegmentsArePlain(path);

    /// <summary>The resolved path when <paramref name="candidate"/> names a file outside the scope; otherwise null.</summary>
    private string? OutsideScope(string workingDirectory, string candidate) =>
        LooksLikePath(candidate) && Resolve(workingDirectory, candidate) is var resolved && !Contains(resolved) ? resolved : null;

    /// <summary>A value can begin right after an option letter, or after <c>=</c> that follows the letters (<c>-o=/x</c>).</summary>
    private static bool IsValueStart(string argument, int start) =>
        char.IsAsciiLetterOrDigit(argument[start - 1])
        || (argument[start - 1] == '=' && argument.AsSpan(1, start - 2).ContainsAnyExcept(OptionLetters) is false);

    private static bool IsShortOptionCluster(string argument) =>
        argument.Length > 2 && argument[0] == '-' && argument[1] != '-';

    private bool Contains(string path)
    {
        foreach (var glob in _globs)
        {
            if (glob.IsMatch(path))
            {
                return true;
            }
        }

        return false;
    }

    private static string Resolve(string workingDirectory, string path) =>
        Normalize(path.StartsWith('/') ? path : string.Concat(workingDirectory, "/", path));

    /// <summary>The part of an argument that names a file, if any (at most one per argument).</summary>
    private static string? PathCandidate(string argument)
    {
        if (argument.StartsWith("--", StringComparison.Ordinal))
        {
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            return equals > 0 && LooksLikePath(argument.AsSpan(equals + 1)) ? argument[(equals + 1)..] : null;
        }

        return LooksLikePath(argument) ? argument : null;
    }

    private static bool LooksLikePath(ReadOnlySpan<char> value) =>
        value is "." or ".." || value.Contains('/');

    /// <summary>Lexical normalisation: collapses <c>//</c>, <c>.</c> and <c>..</c> (never above the root).</summary>
    public static string Normalize(string absolutePath)
    {
        ArgumentNullException.ThrowIfNull(absolutePath);
        if (IsNormalized(absolutePath))
        {
            return absolutePath;
        }

        var segments = new List<string>();
        foreach (var segment in absolutePath.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }

        return "/" + string.Join('/', segments);
    }

    /// <summary>Already what <see cref="Normalize"/> returns: <c>/</c>, or <c>/</c>-led segments none of which is empty, <c>.</c> or <c>..</c>.</summary>
    private static bool IsNormalized(ReadOnlySpan<char> path)
    {
        if (path is "/")
        {
            return true;
        }

        return !path.IsEmpty && path[0] == '/' && SegmentsArePlain(path[1..]);
    }

    /// <summary>Segments separated by <c>/</c>, none of them empty, <c>.</c> or <c>..</c>.</summary>
    private static bool SegmentsArePlain(ReadOnlySpan<char> rest)
    {
        while (true)
        {
            var slash = rest.IndexOf('/');
            var segment = slash < 0 ? rest : rest[..slash];
            if (segment is "" or "." or "..")
            {
                return false;
            }

            if (slash < 0)
            {
                return true;
            }

            rest = rest[(slash + 1)..];
        }
    }
}
