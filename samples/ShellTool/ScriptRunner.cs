using Microsoft.Extensions.Options;
using ToolGate.Samples.Shared;

namespace ToolGate.Samples.ShellTool;

/// <summary>
/// Runs a validated script (see <see cref="ScriptValidator"/>) with bash's list semantics and no shell: steps in order,
/// <c>;</c> always, <c>&amp;&amp;</c> after status 0, <c>||</c> after a non-zero status; a skipped step leaves the status
/// as it was (so <c>a &amp;&amp; b || c</c> works as in bash), and <c>!</c> inverts a step's status. Each step is a
/// pipeline run by <see cref="PipelineRunner"/>; all of them share one captured stdout and stderr (1 MiB each) and one
/// <c>ShellTool:TimeoutSeconds</c>. When that runs out, or the caller goes away, the running process trees are killed
/// and no further step runs.
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
        var pipelines = new PipelineRunner(cwd, stdout, stderr, timeProvider, logger);

        var status = 0;
        var ran = 0;
        foreach (var step in script)
        {
            if (runCts.IsCancellationRequested)
            {
                break;
            }

            var runs = step.Op switch
            {
                "&&" => status == 0,
                "||" => status != 0,
                _ => true,
            };
            if (!runs)
            {
                continue;
            }

            ran++;
            status = await pipelines.RunAsync(step.Pipeline!, runCts.Token);
            if (runCts.IsCancellationRequested)
            {
                // Killed: report the status the kill left (137 for SIGKILL), not its negation.
                break;
            }

            if (step.Negated)
            {
                status = status == 0 ? 1 : 0;
            }
        }

        var timedOut = timeoutCts.IsCancellationRequested;
        Log.ScriptFinished(logger, ran, script.Count, status, timedOut);
        return new ShellResult(status, stdout.GetText(), stderr.GetText(), timedOut, stdout.Truncated || stderr.Truncated);
    }
}
