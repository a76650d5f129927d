using System.Diagnostics;

namespace ToolGate.Gateway.Tests.Hosting;

/// <summary>No Docker engine runs here, so docker-compose.yml is validated with <c>docker-compose config -q</c>.</summary>
public sealed class DockerComposeTests
{
    [Fact]
    public async Task ComposeFile_IsValid()
    {
        var root = RepositoryRoot();
        var start = new ProcessStartInfo("docker-compose", "config -q") { WorkingDirectory = root, RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, "docker-compose config failed: " + errors);
    }

    internal static string RepositoryRoot()
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
