using Microsoft.Extensions.Options;

namespace ToolGate.Samples.ShellTool;

/// <summary>Makes <see cref="ShellToolOptions.DefaultCwd"/> absolute (relative to the current directory), defaulting to the current directory.</summary>
internal sealed class ShellToolOptionsSetup : IPostConfigureOptions<ShellToolOptions>
{
    public void PostConfigure(string? name, ShellToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.DefaultCwd = string.IsNullOrEmpty(options.DefaultCwd)
            ? Directory.GetCurrentDirectory()
            : Path.GetFullPath(options.DefaultCwd);
    }
}
