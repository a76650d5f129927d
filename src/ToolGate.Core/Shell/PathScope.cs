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
            var resolved = file.StartsWith('/') ? Normalize(file) : Normalize(workingDirectory + "/" + file);
            if (!Contains(resolved))
            {
                return $"file '{file}' resolves to '{resolved}', outside the granted paths";
            }
        }

        for (var i = 1; i < argv.Length; i++)
        {
            foreach (var candidate in PathCandidates(argv[i]))
            {
                var resolved = candidate.StartsWith('/') ? Normalize(candidate) : Normalize(workingDirectory + "/" + candidate);
                if (!Contains(resolved))
                {
                    return $"argument '{argv[i]}' resolves to '{resolved}', outside the granted paths";
                }
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

    private static IEnumerable<string> PathCandidates(string argument)
    {
        if (argument.StartsWith("--", StringComparison.Ordinal))
        {
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && LooksLikePath(argument[(equals + 1)..]))
            {
                yield return argument[(equals + 1)..];
            }

            yield break;
        }

        if (argument.Length > 2 && argument[0] == '-')
        {
            if (LooksLikePath(argument[2..]))
            {
                yield return argument[2..];
            }

            yield break;
        }

        if (LooksLikePath(argument))
        {
            yield return argument;
        }
    }

    private static bool LooksLikePath(string value) =>
        value is "." or ".." || value.Contains('/', StringComparison.Ordinal);

    /// <summary>Lexical normalisation: collapses <c>//</c>, <c>.</c> and <c>..</c> (never above the root).</summary>
    public static string Normalize(string absolutePath)
    {
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
}
