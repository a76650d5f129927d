using System.ComponentModel;
using System.Diagnostics;

namespace ToolGate.Samples.ShellTool;

/// <summary>
/// Starts one argv with execve semantics: <c>FileName = argv[0]</c> (resolved like execvp by <see cref="ExecutableResolver"/>),
/// <c>ArgumentList = argv[1..]</c>, no shell, so nothing is ever re-parsed. All three standard streams are redirected;
/// the caller wires them (see <see cref="PipelineRunner"/>) and kills the tree with <see cref="KillTree"/>.
/// </summary>
/// <remarks>
/// A program that cannot be found or started is answered like a shell does, with a status rather than an HTTP error:
/// 127 ("not found") or 126 ("cannot execute") and the reason for stderr. The request was valid; it is the command
/// that failed, and the agent gets to see why.
/// </remarks>
internal static class CommandLauncher
{
    public const int NotFoundExitCode = 127;
    public const int CannotExecuteExitCode = 126;

    private const int ENOENT = 2;

    /// <returns>The started process, or null with the shell-like status and stderr line for a program that could not start.</returns>
    public static (Process? Process, int ExitCode, string? Error) Start(IReadOnlyList<string> argv, string cwd, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(argv);
        var program = argv[0];
        var executable = ExecutableResolver.Resolve(program, cwd);
        if (executable is null)
        {
            Log.StartFailed(logger, program, "not found");
            var reason = program.Contains('/', StringComparison.Ordinal) ? "No such file or directory" : "command not found";
            return (null, NotFoundExitCode, $"{program}: {reason}\n");
        }

        var startInfo = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            WorkingDirectory = cwd,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        for (var i = 1; i < argv.Count; i++)
        {
            startInfo.ArgumentList.Add(argv[i]);
        }

        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            Log.StartFailed(logger, program, ex.Message);
            var exitCode = ex.NativeErrorCode == ENOENT ? NotFoundExitCode : CannotExecuteExitCode;
            return (null, exitCode, $"{program}: {ex.Message}\n");
        }

        Log.Running(logger, program, argv.Count - 1, cwd);
        return (process, 0, null);
    }

    /// <summary>Kills the process and all its descendants; a process that is already gone is fine.</summary>
    public static void KillTree(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // Already gone.
        }
    }
}
