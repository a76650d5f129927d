using System.Collections.Immutable;
using ToolGate.Core.Text;

namespace ToolGate.Core.Shell;

/// <summary>
/// The directories a shell grant confines file arguments to. Foundation heuristic for which arguments
/// name files: anything that starts with <c>/ ./ ../</c>, is <c>.</c> or <c>..</c>, or contains a slash,
/// including the value of <c>--opt=value</c> and of a glued short option (<c>-o/tmp/x</c>). Arguments are
/// resolved lexically against the working directory, so <c>..</c> cannot climb out.
/// </summary>
public sealed class PathScope
{
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

        var workingDirectory = Normalize(cwd);
        if (!Contains(workingDirectory))
        {
            return $"working directory '{cwd}' is outside the granted paths";
        }

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
            if (PathCandidate(argv[i]) is { } candidate && Resolve(workingDirectory, candidate) is var resolved && !Contains(resolved))
            {
                return $"argument '{argv[i]}' resolves to '{resolved}', outside the granted paths";
            }
        }

        return null;
    }

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

        if (argument.Length > 2 && argument[0] == '-')
        {
            return LooksLikePath(argument.AsSpan(2)) ? argument[2..] : null;
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

        if (path.IsEmpty || path[0] != '/')
        {
            return false;
        }

        var rest = path[1..];
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
