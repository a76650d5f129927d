using System.Diagnostics;

namespace ToolGate.Samples.ShellTool;

/// <summary>
/// Runs one pipeline of a script without a shell: every program is started (globs expanded, stdin file opened, argv[0]
/// resolved), then all run at once, wired by <see cref="OutputSink"/> and <see cref="StreamPump"/>: fd 1 / fd 2 of each go
/// to its "out" stream (the pipe into the next command; the pipeline's stdout for the last), its stderr, or nowhere. A
/// compound command in the pipeline runs through <paramref name="runNode"/> with those streams, as one writer of the pipe
/// out of it and reading the pipe into it. The pipeline is done when every command has exited and every stream has
/// ended; its status is the last command's. When <c>cancellationToken</c> fires (timeout, caller gone) every process tree
/// of the pipeline is killed.
/// </summary>
internal sealed class PipelineRunner(string cwd, TimeProvider timeProvider, ILogger logger, Func<ScriptNode, StepStreams, Task<int>> runNode)
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
    public async Task<int> RunAsync(IReadOnlyList<ScriptCommand> pipeline, StepStreams streams, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(streams);
        var stages = new List<PipelineStage>(pipeline.Count);
        var work = new List<Task>();
        try
        {
            try
            {
                foreach (var command in pipeline)
                {
                    stages.Add(command.Node is null ? await PrepareAsync(command, streams, cancellationToken) : new PipelineStage(command, [command.Node.Kind!], null, 0, null));
                }

                Wire(stages, work, streams, cancellationToken);
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

    private static int ExitCode(PipelineStage stage) => stage switch
    {
        { Run: { } run } => run.IsCompletedSuccessfully ? run.Result : KilledExitCode,
        { Command.Node: not null } => KilledExitCode, // stopped before it started
        { Process: null } => stage.FailedStatus,
        { Process.HasExited: true } => stage.Process.ExitCode,
        _ => -1,
    };

    private async Task KillAsync(List<PipelineStage> stages, List<Task> work)
    {
        // Last first, so that no command sees its input end and exits normally on the way: a killed pipeline says 137.
        // A compound command's runner kills its own commands: it sees the same cancellation.
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

    /// <summary>Expands, redirects and starts one program: a bash-like failure is a stage with a status and a line on stderr.</summary>
    private async Task<PipelineStage> PrepareAsync(ScriptCommand command, StepStreams streams, CancellationToken cancellationToken)
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
                return await FailedAsync(command.Argv, RedirectionFailedExitCode, globError!);
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
                return await FailedAsync(argv, RedirectionFailedExitCode, openError!);
            }
        }

        var (process, exitCode, startError) = CommandLauncher.Start(argv, cwd, logger);
        if (process is null)
        {
            input?.Dispose();
            return await FailedAsync(argv, exitCode, startError!);
        }

        return new PipelineStage(command, argv, process, 0, input);

        async Task<PipelineStage> FailedAsync(IReadOnlyList<string> words, int status, string message)
        {
            await streams.Stderr.WriteAsync(System.Text.Encoding.UTF8.GetBytes(message), cancellationToken);
            return new PipelineStage(command, words, null, status, null);
        }
    }

    /// <summary>Starts the copies: each command's stdout / stderr into its sink, each command's stdin from its source; starts compound commands.</summary>
    private void Wire(List<PipelineStage> stages, List<Task> work, StepStreams streams, CancellationToken cancellationToken)
    {
        var discard = OutputSink.Discard();
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            var command = stage.Command;
            var process = stage.Process;
            OutputSink outSink;
            if (i == stages.Count - 1)
            {
                outSink = streams.Stdout;
            }
            else
            {
                var reader = stages[i + 1];
                StreamWriter? readerInput = null;
                if (reader.Command.Node is not null)
                {
                    reader.Input = new CompoundInput();
                    readerInput = reader.Input.Writer;
                }
                else if (reader.Process is not null && reader.Command.Stdin is null)
                {
                    readerInput = reader.Process.StandardInput;
                }

                outSink = OutputSink.Pipe(readerInput, WritersInto(stage));
                if (reader.Process is null && reader.Command.Node is null)
                {
                    outSink.Break();
                }
                else if (reader.Process is not null)
                {
                    work.Add(BreakWhenExitedAsync(reader.Process, outSink));
                }
                else
                {
                    reader.PipeIn = outSink; // broken when the compound command ends (below)
                }
            }

            if (command.Node is { } node)
            {
                var input = i == 0 ? streams.Stdin : stage.Input?.Reader;
                var childStreams = new StepStreams(SinkFor(command.Stdout).Borrowed(), SinkFor(command.Stderr).Borrowed(), input);
                stage.Run = runNode(node, childStreams);
                var pipeOut = i < stages.Count - 1 && WritersInto(stage) > 0 ? outSink : null;
                work.Add(EndCompoundAsync(stage, pipeOut, cancellationToken));
                continue;
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
            else if (stage.FileInput is { } file)
            {
                stage.FileInput = null;
                work.Add(StreamPump.FeedFileAsync(process.StandardInput, file, cancellationToken));
            }
            else if (i == 0 && streams.Stdin is { } shared)
            {
                // First in a pipeline inside a compound command that reads a pipe: it reads the compound command's input.
                work.Add(StreamPump.FeedSharedAsync(process.StandardInput, shared, process.WaitForExitAsync(CancellationToken.None), cancellationToken));
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
                ScriptCommand.Err => streams.Stderr,
                _ => discard,
            };
        }
    }

    /// <summary>How many of a stage's streams write into the pipe after it: a compound command is one writer, however many commands it runs.</summary>
    private static int WritersInto(PipelineStage stage)
    {
        var command = stage.Command;
        if (command.Node is not null)
        {
            return command.Stdout == ScriptCommand.Out || command.Stderr == ScriptCommand.Out ? 1 : 0;
        }

        return stage.Process is null ? 0 : (command.Stdout == ScriptCommand.Out ? 1 : 0) + (command.Stderr == ScriptCommand.Out ? 1 : 0);
    }

    // When a compound command ends, the pipe out of it closes (it was that pipe's one writer) and the pipe into it breaks.
    private static async Task EndCompoundAsync(PipelineStage stage, OutputSink? pipeOut, CancellationToken cancellationToken)
    {
        await ((Task)stage.Run!).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        pipeOut?.CompleteWriter(cancellationToken.IsCancellationRequested);
        stage.PipeIn?.Break();
        stage.Input?.Close();
    }

    // Whatever the command did not read is lost once it exits: writers into its pipe then get EPIPE, as in a shell.
    private static async Task BreakWhenExitedAsync(Process reader, OutputSink pipe)
    {
        await reader.WaitForExitAsync(CancellationToken.None);
        pipe.Break();
    }
}
