namespace ToolGate.Core.Mcp;

/// <summary>
/// Normalises a path argument without touching a file system: absolute only, <c>.</c> and <c>..</c> resolved
/// lexically, repeated slashes collapsed. <c>/workspace/../etc/passwd</c> is judged as <c>/etc/passwd</c>.
/// </summary>
public static class McpPaths
{
    public const int MaxLength = 4_096;

    public static bool Normalise(string path, out string normalised, out string error)
    {
        normalised = string.Empty;
        if (path.Length is 0 or > MaxLength)
        {
            error = $"must be a path of 1 to {MaxLength} characters";
            return false;
        }

        if (path.Contains('\0', StringComparison.Ordinal) || path.Any(char.IsControl))
        {
            error = "contains control characters";
            return false;
        }

        if (path[0] != '/')
        {
            // A relative path means "relative to wherever the server runs": not something a grant can scope.
            error = $"'{path}' is not an absolute path";
            return false;
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            error = $"'{path}' contains a backslash";
            return false;
        }

        var parts = new List<string>();
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (segment)
            {
                case ".":
                    continue;
                case "..":
                    if (parts.Count > 0)
                    {
                        parts.RemoveAt(parts.Count - 1);
                    }

                    continue;
                default:
                    parts.Add(segment);
                    break;
            }
        }

        normalised = "/" + string.Join('/', parts);
        error = string.Empty;
        return true;
    }
}
