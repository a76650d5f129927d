namespace ToolGate.Samples.ShellTool;

/// <summary>
/// Finds the file to execute for <c>argv[0]</c> the way <c>execvp</c> does: a name containing '/' is a path
/// (relative to the command's working directory); a bare name is looked up in the absolute directories of PATH only.
/// Deliberately not <see cref="System.Diagnostics.Process"/>'s own lookup, which also tries the server's
/// executable folder and its current directory before PATH.
/// </summary>
internal static class ExecutableResolver
{
    /// <returns>The path to run, or null when no such program exists (the caller answers with exit code 127).</returns>
    public static string? Resolve(string name, string cwd)
    {
        if (OperatingSystem.IsWindows())
        {
            // Not a target for this sample: let Process.Start do its own (PATHEXT-aware) search.
            return name;
        }

        if (name.Contains('/', StringComparison.Ordinal))
        {
            // Exists but not executable is left to Process.Start, which fails with EACCES (exit code 126).
            var path = Path.GetFullPath(name, cwd);
            return File.Exists(path) ? path : null;
        }

        var searchPath = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            // Empty and relative entries would mean "relative to some current directory": skipped.
            if (!Path.IsPathFullyQualified(directory))
            {
                continue;
            }

            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}
