using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;
using ToolGate.Samples.Shared;

namespace ToolGate.Samples.McpServer;

/// <summary>
/// <c>run_command</c>: runs one command line with <c>/bin/sh -c</c> in the workspace. A sample behind the gateway,
/// deliberately powerful: the gateway is what decides whether a command may run. Bounded in time
/// (<see cref="McpSampleOptions.CommandTimeoutSeconds"/>, then the process tree is killed) and in output
/// (the first <see cref="MaxOutputBytes"/> of stdout and of stderr are kept, the rest is read and dropped).
/// </summary>
internal sealed class CommandTool(Workspace workspace, IOptions<McpSampleOptions> options, TimeProvider timeProvider, ILogger<CommandTool> logger)
{
    public const int MaxOutputBytes = 64 * 1024;
    public const int MaxCommandChars = 16 * 1024;

    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);

    [McpServerTool(Name = "run_command", Destructive = true, Idempotent = false, OpenWorld = true)]
    [Description("Runs a shell command line with /bin/sh -c in the server's workspace directory and returns its exit code, stdout and stderr (each cut at 64 KiB). The command is killed when it runs longer than the server's timeout (10 s by default).")]
    public async Task<string> RunCommandAsync(
        [Description("The command line for /bin/sh -c, e.g. \"ls -la\" or \"grep -n TODO *.txt\".")]
        string command,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(command) || command.Length > MaxCommandChars)
        {
            throw new ModelContextProtocol.McpException($"'command' must be a non-empty command line of at most {MaxCommandChars} characters.");
        }

        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = workspace.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(command);

        var timeout = TimeSpan.FromSeconds(options.Value.CommandTimeoutSeconds);
        using var process = new Process { StartInfo = startInfo };
        process.Start();
        process.StandardInput.Close();
        using var timeoutCts = new CancellationTokenSource(timeout, timeProvider);
        using var runCts = CancellationTokenSource.CreateLinkedTokenSource(timeoutCts.Token, cancellationToken);
        BoundedOutput stdoutCapture = new(MaxOutputBytes), stderrCapture = new(MaxOutputBytes);
        var stdout = stdoutCapture.PumpAsync(process.StandardOutput.BaseStream, CancellationToken.None);
        var stderr = stderrCapture.PumpAsync(process.StandardError.BaseStream, CancellationToken.None);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(runCts.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = timeoutCts.IsCancellationRequested;
            KillTree(process);
            if (!timedOut)
            {
                throw;
            }
        }

        // The pipes close when the last process holding them is gone; a background child the shell left running
        // may keep them open, so the rest of the output is waited for only briefly.
        using var drainCts = new CancellationTokenSource(DrainGrace, timeProvider);
        var (outText, outCut) = await WithinGraceAsync(stdout, stdoutCapture, drainCts.Token);
        var (errText, errCut) = await WithinGraceAsync(stderr, stderrCapture, drainCts.Token);
        var exitCode = timedOut ? -1 : process.ExitCode;
        Log.CommandRan(logger, exitCode, timedOut);

        var result = new StringBuilder();
        result.Append("exit code: ").Append(timedOut ? $"killed after {timeout.TotalSeconds:0} s" : exitCode).Append('\n');
        result.Append("stdout:\n").Append(outText).Append(outCut ? "\n[stdout truncated]\n" : string.Empty);
        result.Append("stderr:\n").Append(errText).Append(errCut ? "\n[stderr truncated]\n" : string.Empty);
        return result.ToString();
    }

    // The capture keeps the first MaxOutputBytes and drains the rest, so the child never blocks on a full pipe.
    private static async Task<(string Text, bool Truncated)> WithinGraceAsync(Task reading, BoundedOutput capture, CancellationToken grace)
    {
        try
        {
            await reading.WaitAsync(grace);
            return (capture.GetText(), capture.Truncated);
        }
        catch (OperationCanceledException)
        {
            return (capture.GetText() + "\n[a background process still holds the output open: the rest is not shown]", true);
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }
}
