namespace ToolGate.Samples.ShellTool;

/// <summary>
/// One request's run of a validated script: steps with bash's list rules, pipelines through <see cref="PipelineRunner"/>,
/// compound commands (<see cref="ScriptNode"/>) by their kind, background steps started and collected so the request can
/// wait for them all (<see cref="WaitForBackgroundAsync"/>). Loops share one iteration limit for the whole request
/// (<c>ShellTool:MaxLoopIterations</c>); past it the run stops with an error, as it does when the deadline passes.
/// </summary>
internal sealed class ScriptExecution
{
    /// <summary>Iterations of all while / until loops of one request together, unless configured otherwise.</summary>
    public const int DefaultMaxLoopIterations = 10_000;

    /// <summary>The status a run stopped by the loop limit ends with.</summary>
    public const int LoopLimitExitCode = 1;

    private readonly PipelineRunner _pipelines;
    private readonly CancellationTokenSource _run;
    private readonly OutputSink _toolErrors;
    private readonly Lock _gate = new();
    private readonly List<Task> _background = [];
    private readonly int _maxLoopIterations;
    private int _loopIterations;
    private int _stepsRun;

    /// <param name="run">Cancelled by the deadline or the caller; the run cancels it too when the loop limit is reached.</param>
    /// <param name="toolErrors">Where the tool's own error lines go: the request's stderr, whatever a command's stderr is.</param>
    public ScriptExecution(string cwd, CancellationTokenSource run, OutputSink toolErrors, int maxLoopIterations, TimeProvider timeProvider, ILogger logger)
    {
        _run = run;
        _toolErrors = toolErrors;
        _maxLoopIterations = maxLoopIterations;
        _pipelines = new PipelineRunner(cwd, timeProvider, logger, RunNodeAsync);
    }

    /// <summary>Pipelines run, at any level.</summary>
    public int StepsRun => Volatile.Read(ref _stepsRun);

    /// <summary>True when the loop limit stopped the run.</summary>
    public bool LoopLimitReached { get; private set; }

    /// <summary>Runs steps in order: <c>;</c> always, <c>&amp;&amp;</c> after status 0, <c>||</c> after non-zero; a skipped step keeps the status.</summary>
    public async Task<int> RunStepsAsync(IReadOnlyList<ScriptStep?> steps, StepStreams streams)
    {
        var token = _run.Token;
        var status = 0;
        foreach (var step in steps)
        {
            if (token.IsCancellationRequested)
            {
                break;
            }

            var runs = step!.Op switch
            {
                "&&" => status == 0,
                "||" => status != 0,
                _ => true,
            };
            if (!runs)
            {
                continue;
            }

            Interlocked.Increment(ref _stepsRun);
            if (step.Background)
            {
                // Its own stdin is empty, as for a background job of a non-interactive shell; the request waits for it at the end.
                var job = _pipelines.RunAsync(step.Pipeline!, streams with { Stdin = null }, token);
                lock (_gate)
                {
                    _background.Add(job);
                }

                status = 0;
                continue;
            }

            status = await _pipelines.RunAsync(step.Pipeline!, streams, token);
            if (token.IsCancellationRequested)
            {
                // Killed: report the status the kill left (137 for SIGKILL), not its negation.
                break;
            }

            if (step.Negated)
            {
                status = status == 0 ? 1 : 0;
            }
        }

        return status;
    }

    /// <summary>Waits for every background step, including those started by background steps, until none is left.</summary>
    public async Task WaitForBackgroundAsync()
    {
        while (true)
        {
            Task[] pending;
            lock (_gate)
            {
                pending = [.. _background.Where(t => !t.IsCompleted)];
            }

            if (pending.Length == 0)
            {
                return;
            }

            await Task.WhenAll(pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private Task<int> RunNodeAsync(ScriptNode node, StepStreams streams) => node.Kind switch
    {
        ScriptNode.If => RunIfAsync(node, streams),
        ScriptNode.While or ScriptNode.Until => RunLoopAsync(node, streams),
        _ => RunStepsAsync(node.Body!, streams), // group, subshell, an unrolled for, the arms of a case that run
    };

    private async Task<int> RunIfAsync(ScriptNode node, StepStreams streams)
    {
        foreach (var branch in node.Branches!)
        {
            var condition = await RunStepsAsync(branch!.Condition!, streams);
            if (_run.IsCancellationRequested)
            {
                return condition;
            }

            if (condition == 0)
            {
                return await RunStepsAsync(branch.Body!, streams);
            }
        }

        return node.Else is { } otherwise ? await RunStepsAsync(otherwise, streams) : 0;
    }

    private async Task<int> RunLoopAsync(ScriptNode node, StepStreams streams)
    {
        var status = 0;
        while (true)
        {
            var condition = await RunStepsAsync(node.Condition!, streams);
            if (_run.IsCancellationRequested || (node.Kind == ScriptNode.Until ? condition == 0 : condition != 0))
            {
                return _run.IsCancellationRequested ? condition : status;
            }

            if (Interlocked.Increment(ref _loopIterations) > _maxLoopIterations)
            {
                await StopAtLoopLimitAsync();
                return LoopLimitExitCode;
            }

            status = await RunStepsAsync(node.Body!, streams);
            if (_run.IsCancellationRequested)
            {
                return status;
            }
        }
    }

    private async Task StopAtLoopLimitAsync()
    {
        LoopLimitReached = true;
        var message = $"toolgate-shell: loops ran more than {_maxLoopIterations} iterations in all; the script was stopped\n";
        await _toolErrors.WriteAsync(System.Text.Encoding.UTF8.GetBytes(message), CancellationToken.None);
        await _run.CancelAsync();
    }
}
