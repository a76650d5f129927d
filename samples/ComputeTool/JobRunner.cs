using System.ComponentModel;
using System.Diagnostics;

namespace ToolGate.Samples.ComputeTool;

/// <summary>
/// Runs one job as a host process: the checked argv directly (no shell), or <c>/bin/sh -c command</c> when a caller
/// sent only the text. The image and GPUs are bookkeeping; there is no container. The process tree is killed at the
/// deadline, on cancel and on shutdown.
/// </summary>
internal sealed class JobRunner(TimeProvider time, ILogger<JobRunner> logger)
{
    public const int CannotStartExitCode = 127;

    // A descendant that escaped the kill could hold a pipe open: output is waited for this long, then left behind.
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(2);

    public async Task<(string State, int? ExitCode, string EndedBy)> RunAsync(ComputeJob job, CancellationToken stopping)
    {
        var argv = job.Request.Argv is { Count: > 0 } checkedArgv ? checkedArgv
            : job.Request.Command is { } command ? ["/bin/sh", "-c", command]
            : null;
        if (argv is null)
        {
            return (JobState.Succeeded, 0, EndedBy.Exit); // the image's default: nothing to run on the host
        }

        using var process = new Process { StartInfo = StartInfo(argv, job.Request.Env) };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            job.Stderr.Append($"{argv[0]}: {e.Message}\n");
            Log.StartFailed(logger, job.Id, argv[0], e.Message);
            return (JobState.Failed, CannotStartExitCode, EndedBy.StartFailure);
        }

        process.StandardInput.Close(); // a job reads no input
        var output = Task.WhenAll(
            job.Stdout.PumpAsync(process.StandardOutput.BaseStream, CancellationToken.None),
            job.Stderr.PumpAsync(process.StandardError.BaseStream, CancellationToken.None));

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(job.DurationSeconds), time);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, job.Cancellation.Token, stopping);
        string? endedBy = null;
        try
        {
            await process.WaitForExitAsync(ended.Token);
        }
        catch (OperationCanceledException)
        {
            endedBy = stopping.IsCancellationRequested ? EndedBy.Shutdown
                : job.Cancellation.IsCancellationRequested ? EndedBy.Cancel
                : EndedBy.Deadline;
            KillTree(process);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        try
        {
            await output.WaitAsync(OutputGrace, time, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            job.Stderr.Append("[compute tool: output still open after the job ended; not read further]\n");
        }

        return endedBy switch
        {
            null => (process.ExitCode == 0 ? JobState.Succeeded : JobState.Failed, process.ExitCode, EndedBy.Exit),
            EndedBy.Deadline => (JobState.TimedOut, null, endedBy),
            _ => (JobState.Cancelled, null, endedBy),
        };
    }

    private static ProcessStartInfo StartInfo(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string>? env)
    {
        var startInfo = new ProcessStartInfo(argv[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in argv.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in env ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Already gone.
        }
    }
}
