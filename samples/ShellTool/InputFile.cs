namespace ToolGate.Samples.ShellTool;

/// <summary>Opens the file of a <c>&lt; path</c> redirection, failing like bash does ("bash: path: No such file or directory").</summary>
internal static class InputFile
{
    /// <returns>The file opened for reading, or null with the stderr line in <paramref name="error"/>.</returns>
    public static Stream? Open(string file, string cwd, out string? error)
    {
        ArgumentNullException.ThrowIfNull(file);
        var path = Path.GetFullPath(file, cwd);
        string reason;
        if (Directory.Exists(path))
        {
            // bash would open it and leave the command to fail reading it; refusing up front gives the same status.
            reason = "Is a directory";
        }
        else
        {
            try
            {
                error = null;
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 16 * 1024, FileOptions.Asynchronous);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                reason = "No such file or directory";
            }
            catch (UnauthorizedAccessException)
            {
                reason = "Permission denied";
            }
            catch (IOException ex)
            {
                reason = ex.Message;
            }
        }

        error = $"bash: {file}: {reason}\n";
        return null;
    }
}
