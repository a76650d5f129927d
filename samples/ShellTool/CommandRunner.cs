using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace ToolGate.Samples.ShellTool;

/// <summary>
/// Runs an argv with execve semantics: <c>FileName = argv[0]</c> (resolved like execvp), <c>ArgumentList = argv[1..]</c>,
/// no shell, so nothing is ever re-parsed. Standard input is closed at once; stdout and stderr are kept up to
/// <see cref="MaxOutputBytes"/> each. When <c>ShellTool:TimeoutSeconds</c> runs out (or the caller goes away)
/// the whole process tree is killed.
/// </summary>
/// <remarks>
/// A program that cannot be found or started is answered like a shell does, with a normal result:
/// exit code 127 ("not found") or 126 ("cannot execute") and the reason on stderr, not with an HTTP error.
/// The request was valid; it is the command that failed, and the agent gets to see why.
/// </remarks>
internal sealed class CommandRunner(IOptions<ShellToolOptions> options, TimeProvider timeProvider, ILogger<CommandRunner> logger)
{
    public const int MaxOutputBytes = 1024 * 1024;
    public const int NotFoundExitCode = 127;
    public const int CannotExecuteExitCode = 126;

    private const int ENOENT = 2;

    /// <summary>How long to wait for a killed process to be reaped and its pipes to close.</summary>
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);

    public async Task<ShellResult> RunAsync(IReadOnlyList<string> argv, string cwd, CancellationToken requestAborted)
    {
        ArgumentNullException.ThrowIfNull(argv);
        var program = argv[0];
        var executable = ExecutableResolver.Resolve(program, cwd);
        if (executable is null)
        {
            Log.StartFailed(logger, program, "not found");
            var reason = program.Contains('/', StringComparison.Ordinal) ? "No such file or directory" : "command not found";
            return Failed(NotFoundExitCode, $"{program}: {reason}\n");
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

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            Log.StartFailed(logger, program, ex.Message);
            var exitCode = ex.NativeErrorCode == ENOENT ? NotFoundExitCode : CannotExecuteExitCode;
            return Failed(exitCode, $"{program}: {ex.Message}\n");
        }

        Log.Running(logger, program, argv.Count - 1, cwd);
        process.StandardInput.Close();
        return await CollectAsync(process, program, requestAborted);
    }

    private async Task<ShellResult> CollectAsync(Process process, string program, CancellationToken requestAborted)
    {
        using var timeoutCts = new CancellationTokenSource(TimeSpan.FromSeconds(options.Value.TimeoutSeconds), timeProvider);
        using var runCts = CancellationTokenSource.CreateLinkedTokenSource(timeoutCts.Token, requestAborted);
        var stdout = new BoundedOutput(MaxOutputBytes);
        var stderr = new BoundedOutput(MaxOutputBytes);
        var drained = Task.WhenAll(
            stdout.DrainAsync(process.StandardOutput.BaseStream, runCts.Token),
            stderr.DrainAsync(process.StandardError.BaseStream, runCts.Token));

        try
        {
            await process.WaitForExitAsync(runCts.Token);

            // A background child can keep the pipes open after the main process exits: that counts against the timeout too.
            await drained.WaitAsync(runCts.Token);
        }
        catch (OperationCanceledException) when (runCts.IsCancellationRequested)
        {
            KillTree(process);
            using var graceCts = new CancellationTokenSource(KillGrace, timeProvider);
            try
            {
                await process.WaitForExitAsync(graceCts.Token);
                await drained.WaitAsync(graceCts.Token);
            }
            catch (OperationCanceledException)
            {
                // Report what we have; the process object is disposed (and its pipes closed) on the way out.
            }
        }

        var timedOut = timeoutCts.IsCancellationRequested;
        var exitCode = process.HasExited ? process.ExitCode : -1;
        Log.Exited(logger, program, exitCode, timedOut);
        return new ShellResult(exitCode, stdout.GetText(), stderr.GetText(), timedOut, stdout.Truncated || stderr.Truncated);
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // Already gone.
        }
    }

    private static ShellResult Failed(int exitCode, string stderr) =>
        new(exitCode, string.Empty, stderr, TimedOut: false, Truncated: false);
}
