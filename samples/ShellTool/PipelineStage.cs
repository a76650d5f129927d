using System.Diagnostics;

namespace ToolGate.Samples.ShellTool;

/// <summary>
/// One element of a pipeline while <see cref="PipelineRunner"/> runs it: a started process, a program that could not
/// start (with its status), or a compound command (its run, and the pipe it reads when it follows another command).
/// Disposing it closes every stream and kills a process that is somehow still running.
/// </summary>
internal sealed class PipelineStage(ScriptCommand command, IReadOnlyList<string> argv, Process? process, int failedStatus, Stream? fileInput) : IDisposable
{
    public ScriptCommand Command { get; } = command;

    /// <summary>The argv after pathname expansion (a compound command's kind, for one).</summary>
    public IReadOnlyList<string> Argv { get; } = argv;

    /// <summary>Null when the program could not start (<see cref="FailedStatus"/> is then its status), and for a compound command.</summary>
    public Process? Process { get; } = process;

    public int FailedStatus { get; } = failedStatus;

    /// <summary>The opened stdin file until it is handed to its feeding copy.</summary>
    public Stream? FileInput { get; set; } = fileInput;

    /// <summary>A compound command's run, once started; its result is the status.</summary>
    public Task<int>? Run { get; set; }

    /// <summary>For a compound command after another command: the pipe it reads.</summary>
    public CompoundInput? Input { get; set; }

    /// <summary>For a compound command after another command: the sink writing into <see cref="Input"/>.</summary>
    public OutputSink? PipeIn { get; set; }

    public void Dispose()
    {
        FileInput?.Dispose();
        Input?.Dispose();
        if (Process is null)
        {
            return;
        }

        // Only left running when something failed unexpectedly on the way: nothing outlives its request.
        if (!Process.HasExited)
        {
            CommandLauncher.KillTree(Process);
        }

        // Process.Dispose leaves streams that were handed out to their user: close our ends of all three pipes.
        StreamPump.CloseQuietly(Process.StandardInput);
        Process.StandardOutput.Dispose();
        Process.StandardError.Dispose();
        Process.Dispose();
    }
}
