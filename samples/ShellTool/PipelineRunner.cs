using System.Diagnostics;
using ToolGate.Samples.Shared;

namespace ToolGate.Samples.ShellTool;

/// <summary>
/// Runs one pipeline of a script without a shell: every command is started (globs expanded, stdin file opened,
/// argv[0] resolved), then all run at once, wired by <see cref="OutputSink"/> and <see cref="StreamPump"/>:
/// fd 1 / fd 2 of each go to its "out" stream (the pipe into the next command; the captured stdout for the last),
/// the captured stderr, or nowhere. The pipeline is done when every command has exited and every stream has
/// ended; its status is the last command's. When <c>cancellationToken</c> fires (timeout, caller gone) every
/// process tree of the pipeline is killed.
/// </summary>
internal sealed class PipelineRunner(string cwd, BoundedOutput stdout, BoundedOutput stderr, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>The status of a command whose redirection or pathname expansion failed (bash's).</summary>
    public const int RedirectionFailedExitCode = 1;

    /// <summary>The status of a pipeline the timeout stopped before its last command even started: 128 + SIGKILL, as for one it killed.</summary>
    public const int KilledExitCode = 128 + 9;

    /// <summary>How long to wait for killed processes to be reaped and their pipes to close.</summary>
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);

    /// <returns>
    /// The last command's exit code: 127 / 126 / 1 when it could not start, 137 when the timeout killed it (or stopped the
    /// pipeline before it started), -1 when it could not even be reaped after a kill.
    /// </returns>
    public async Task<int> RunAsync(IReadOnlyList<ScriptCommand> pipeline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var stages = new List<Stage>(pipeline.Count);
        var work = new List<Task>();
        try
        {
            try
            {
                foreach (var command in pipeline)
                {
                    stages.Add(await PrepareAsync(command, cancellationToken));
                }

                Wire(stages, work, cancellationToken);
                await Task.WhenAll(work).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await KillAsync(stages, work);
            }

            foreach (var stage in stages.Where(s => s.Process is not null))
            {
                var exitCode = ExitCode(stage);
                Log.Exited(logger, stage.Argv[0], exitCode, cancellationToken.IsCancellationRequested);
            }

            return stages.Count == pipeline.Count ? ExitCode(stages[^1]) : KilledExitCode;
        }
        finally
        {
            foreach (var stage in stages)
            {
                stage.Dispose();
            }
        }
    }

    private static int ExitCode(Stage stage) => stage.Process switch
    {
        null => stage.FailedStatus,
        { HasExited: true } process => process.ExitCode,
        _ => -1,
    };

    private async Task KillAsync(List<Stage> stages, List<Task> work)
    {
        // Last first, so that no command sees its input end and exits normally on the way: a killed pipeline says 137.
        var processes = stages.Select(s => s.Process).OfType<Process>().Reverse().ToList();
        foreach (var process in processes)
        {
            CommandLauncher.KillTree(process);
        }

        using var graceCts = new CancellationTokenSource(KillGrace, timeProvider);
        try
        {
            await Task.WhenAll(work.Concat(processes.Select(p => p.WaitForExitAsync(graceCts.Token)))).WaitAsync(graceCts.Token);
        }
        catch (OperationCanceledException)
        {
            // Report what we have; the processes are disposed (and their pipes closed) on the way out.
        }
    }

    /// <summary>Expands, redirects and starts one command: a bash-like failure is a stage with a status and a line on stderr.</summary>
    private async Task<Stage> PrepareAsync(ScriptCommand command, CancellationToken cancellationToken)
    {
        var argv = new List<string>(command.Argv!.Count);
        var globs = command.Globs is { } indexes ? new HashSet<int>(indexes) : [];
        for (var i = 0; i < command.Argv.Count; i++)
        {
            if (!globs.Contains(i))
            {
                argv.Add(command.Argv[i]);
                continue;
            }

            if (GlobExpander.Expand(command.Argv[i], cwd, cancellationToken, out var globError) is not { } words)
            {
                return Failed(command.Argv, RedirectionFailedExitCode, globError!);
            }

            argv.AddRange(words);
        }

        Stream? input = null;
        if (command.Stdin?.File is { } file)
        {
            // Off the request's thread and under the timeout: opening a FIFO blocks until something opens it for writing.
            (input, var openError) = await Task.Run(() => (InputFile.Open(file, cwd, out var error), error), cancellationToken)
                .WaitAsync(cancellationToken);
            if (input is null)
            {
                return Failed(argv, RedirectionFailedExitCode, openError!);
            }
        }

        var (process, exitCode, startError) = CommandLauncher.Start(argv, cwd, logger);
        if (process is null)
        {
            input?.Dispose();
            return Failed(argv, exitCode, startError!);
        }

        return new Stage(command, argv, process, 0, input);

        Stage Failed(IReadOnlyList<string> words, int status, string message)
        {
            stderr.Append(message);
            return new Stage(command, words, null, status, null);
        }
    }

    /// <summary>Starts the copies: each command's stdout / stderr into its sink, each command's stdin from its source.</summary>
    private void Wire(List<Stage> stages, List<Task> work, CancellationToken cancellationToken)
    {
        var capturedOut = OutputSink.Capture(stdout);
        var capturedErr = OutputSink.Capture(stderr);
        var discard = OutputSink.Discard();
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            var command = stage.Command;
            var process = stage.Process;
            OutputSink outSink;
            if (i == stages.Count - 1)
            {
                outSink = capturedOut;
            }
            else
            {
                var writers = process is null ? 0 : (command.Stdout == ScriptCommand.Out ? 1 : 0) + (command.Stderr == ScriptCommand.Out ? 1 : 0);
                var reader = stages[i + 1];
                var readsPipe = reader.Process is not null && reader.Command.Stdin is null;
                outSink = OutputSink.Pipe(readsPipe ? reader.Process!.StandardInput : null, writers);
                if (reader.Process is null)
                {
                    outSink.Break();
                }
                else
                {
                    work.Add(BreakWhenExitedAsync(reader.Process, outSink));
                }
            }

            if (process is null)
            {
                continue;
            }

            work.Add(StreamPump.CopyAsync(process.StandardOutput.BaseStream, SinkFor(command.Stdout), cancellationToken));
            work.Add(StreamPump.CopyAsync(process.StandardError.BaseStream, SinkFor(command.Stderr), cancellationToken));
            if (command.Stdin?.Text is { } text)
            {
                work.Add(StreamPump.FeedTextAsync(process.StandardInput, text, cancellationToken));
            }
            else if (stage.Input is { } input)
            {
                stage.Input = null;
                work.Add(StreamPump.FeedFileAsync(process.StandardInput, input, cancellationToken));
            }
            else if (i == 0)
            {
                // Nothing to read: EOF at once (the tool has no terminal to give).
                StreamPump.CloseQuietly(process.StandardInput);
            }

            // A command can close its stdout and stderr and still run: the pipeline waits for it as a shell does.
            work.Add(process.WaitForExitAsync(CancellationToken.None));

            OutputSink SinkFor(string? target) => target switch
            {
                ScriptCommand.Out => outSink,
                ScriptCommand.Err => capturedErr,
                _ => discard,
            };
        }
    }

    // Whatever the command did not read is lost once it exits: writers into its pipe then get EPIPE, as in a shell.
    private static async Task BreakWhenExitedAsync(Process reader, OutputSink pipe)
    {
        await reader.WaitForExitAsync(CancellationToken.None);
        pipe.Break();
    }

    private sealed class Stage(ScriptCommand command, IReadOnlyList<string> argv, Process? process, int failedStatus, Stream? input) : IDisposable
    {
        public ScriptCommand Command { get; } = command;

        /// <summary>The argv after pathname expansion.</summary>
        public IReadOnlyList<string> Argv { get; } = argv;

        /// <summary>Null when the command could not start; <see cref="FailedStatus"/> is then its status.</summary>
        public Process? Process { get; } = process;

        public int FailedStatus { get; } = failedStatus;

        /// <summary>The opened stdin file until it is handed to its feeding copy.</summary>
        public Stream? Input { get; set; } = input;

        public void Dispose()
        {
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
}
