namespace ToolGate.Core.Mcp;

/// <summary>
/// Normalises a path argument without touching a file system: absolute only, <c>.</c> and <c>..</c> resolved
/// lexically, repeated slashes collapsed. <c>/workspace/../etc/passwd</c> is judged as <c>/etc/passwd</c>. A path
/// with a percent-encoded dot, slash, backslash or NUL is refused, as resource URIs are: a glob cannot judge what a
/// server that decodes it reaches (<c>/workspace/%2e%2e/etc/passwd</c>).
/// </summary>
public static class McpPaths
{
    public const int MaxLength = 4_096;

    // Percent-encoded dots, separators and NUL: a server that decodes the text (as a URL, or by mistake) resolves them.
    private static readonly string[] EncodedSeparators = ["%2e", "%2f", "%5c", "%00"];

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

        if (EncodedSeparator(path) is { } encoded)
        {
            error = $"'{path}' contains '{encoded}', an encoded dot, separator or NUL";
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

    private static string? EncodedSeparator(string text) =>
        EncodedSeparators.FirstOrDefault(encoded => text.Contains(encoded, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether a resource URI can be judged by a glob as written: no dot segments, no percent-encoded dots, slashes or
    /// backslashes, no backslashes or control characters. Servers resolve <c>file:///workspace/../etc/passwd</c> (and its
    /// encoded spellings) to <c>/etc/passwd</c>, which a glob on the text would have let through.
    /// </summary>
    public static bool IsPlainUri(string uri, out string error)
    {
        error = string.Empty;
        if (uri.Length is 0 or > MaxLength || uri.Any(char.IsControl) || uri.Contains('\\', StringComparison.Ordinal))
        {
            error = "a resource URI must be 1 to 4096 characters without control characters or backslashes";
            return false;
        }

        if (EncodedSeparator(uri) is { } encoded)
        {
            error = $"the resource URI contains '{encoded}', an encoded dot, separator or NUL";
            return false;
        }

        // In the query and fragment too: a server that strips "file://" and resolves the rest as a path
        // (file:///workspace/x?/../../etc/passwd) reads them as segments.
        if (uri.Split('/', '?', '#', '&', '=').Any(segment => segment is "." or ".."))
        {
            error = "the resource URI has '.' or '..' segments";
            return false;
        }

        return true;
    }
}
