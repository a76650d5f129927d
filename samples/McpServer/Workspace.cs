using Microsoft.Extensions.Options;

namespace ToolGate.Samples.McpServer;

/// <summary>
/// The directory the file tools work in (<see cref="McpSampleOptions.RootDirectory"/>). A tool path is taken relative
/// to it (a leading <c>/</c> or the <c>file:///workspace/</c> prefix means the same) and must stay inside it after
/// <c>..</c> is resolved; symbolic links are not followed out of it by this check (a sample, not a sandbox).
/// </summary>
internal sealed class Workspace
{
    public const string UriPrefix = "file:///workspace/";
    public const string ReadmeName = "readme.txt";
    public const string ReadmeText = "This is the ToolGate sample MCP server's workspace. read_file and write_file work inside it.\n";

    public Workspace(IOptions<McpSampleOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Value.RootDirectory;
        Root = Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
            ? Directory.CreateTempSubdirectory("toolgate-mcp-workspace-").FullName
            : configured);
        Directory.CreateDirectory(Root);
        var readme = Path.Combine(Root, ReadmeName);
        if (!File.Exists(readme))
        {
            File.WriteAllText(readme, ReadmeText);
        }
    }

    /// <summary>Absolute path of the workspace directory.</summary>
    public string Root { get; }

    /// <returns>The absolute path inside <see cref="Root"/>, or null when <paramref name="path"/> is empty or leaves it.</returns>
    public string? Resolve(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var relative = path.StartsWith(UriPrefix, StringComparison.Ordinal) ? path[UriPrefix.Length..] : path.TrimStart('/');
        var full = Path.GetFullPath(Path.Combine(Root, relative));
        var rootWithSeparator = Root.EndsWith(Path.DirectorySeparatorChar) ? Root : Root + Path.DirectorySeparatorChar;
        return full == Root || full.StartsWith(rootWithSeparator, StringComparison.Ordinal) ? full : null;
    }
}
