using Microsoft.Extensions.Options;
using ToolGate.Samples.Shared;

namespace ToolGate.Samples.ShellTool;

/// <summary>
/// Runs a validated script (see <see cref="ScriptValidator"/>) with bash's list semantics and no shell: steps in order,
/// <c>;</c> always, <c>&amp;&amp;</c> after status 0, <c>||</c> after a non-zero status; a skipped step leaves the status
/// as it was (so <c>a &amp;&amp; b || c</c> works as in bash), and <c>!</c> inverts a step's status. Each step is a
/// pipeline run by <see cref="PipelineRunner"/>, whose elements may be compound commands (<see cref="ScriptNode"/>: groups,
/// <c>if</c>, loops) run by <see cref="ScriptExecution"/>; background steps run alongside and are waited for before the
/// answer, so nothing outlives the request. Everything shares one captured stdout and stderr (1 MiB each) and one
/// <c>ShellTool:TimeoutSeconds</c>. When that runs out, or the caller goes away, or the loops run more than
/// <c>ShellTool:MaxLoopIterations</c> times, the running process trees are killed and nothing further runs.
/// </summary>
internal sealed class ScriptRunner(IOptions<ShellToolOptions> options, TimeProvider timeProvider, ILogger<ScriptRunner> logger)
{
    public const int MaxOutputBytes = 1024 * 1024;

    public async Task<ShellResult> RunAsync(IReadOnlyList<ScriptStep> script, string cwd, CancellationToken requestAborted)
    {
        ArgumentNullException.ThrowIfNull(script);
        using var timeoutCts = new CancellationTokenSource(TimeSpan.FromSeconds(options.Value.TimeoutSeconds), timeProvider);
        using var runCts = CancellationTokenSource.CreateLinkedTokenSource(timeoutCts.Token, requestAborted);
        var stdout = new BoundedOutput(MaxOutputBytes);
        var stderr = new BoundedOutput(MaxOutputBytes);
        var capturedErr = OutputSink.Capture(stderr);
        var execution = new ScriptExecution(cwd, runCts, capturedErr, options.Value.MaxLoopIterations, timeProvider, logger);

        var status = await execution.RunStepsAsync(script, new StepStreams(OutputSink.Capture(stdout), capturedErr, Stdin: null));
        await execution.WaitForBackgroundAsync();
        if (execution.LoopLimitReached)
        {
            status = ScriptExecution.LoopLimitExitCode;
        }

        var timedOut = timeoutCts.IsCancellationRequested;
        Log.ScriptFinished(logger, execution.StepsRun, script.Count, status, timedOut);
        return new ShellResult(status, stdout.GetText(), stderr.GetText(), timedOut, stdout.Truncated || stderr.Truncated);
    }
}
