using System.Diagnostics;

namespace ToolGate.Gateway.Tests.Infrastructure;

/// <summary>
/// Where tests/mcp-ts lives, and how node is started there. scripts/test.sh installs it (<c>npm ci</c>); a missing
/// install is a failure with the command to run, never a skipped test.
/// </summary>
internal static class McpTs
{
    public static string Directory { get; } = Path.Combine(FindRepositoryRoot(), "tests", "mcp-ts");

    /// <summary>A node process in <see cref="Directory"/> with every stream redirected (stdin closed by the caller).</summary>
    public static Process StartNode(IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var modules = Path.Combine(Directory, "node_modules", "@modelcontextprotocol");
        if (!System.IO.Directory.Exists(modules))
        {
            throw new InvalidOperationException(
                $"{modules} is missing: run `npm ci --prefix tests/mcp-ts` (scripts/test.sh does it when node_modules is missing).");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Directory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("node did not start");
    }

    public static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ToolGate.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ToolGate.sln not found above " + AppContext.BaseDirectory);
    }
}
