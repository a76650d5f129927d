namespace ToolGate.Samples.ShellTool;

/// <summary>
/// One step of a <see cref="ShellRequest.Script"/>: a pipeline, run when <see cref="Op"/> says so.
/// <c>{"op": "&amp;&amp;", "negated": false, "pipeline": [ {command}, ... ]}</c>, and <c>"background": true</c> for <c>pipeline &amp;</c>.
/// </summary>
/// <param name="Op">
/// Null for the first step; <c>;</c> always runs, <c>&amp;&amp;</c> only after status 0, <c>||</c> only after a non-zero status.
/// </param>
/// <param name="Negated">The step was written <c>! pipeline</c>: its status is inverted (0 becomes 1, anything else 0).</param>
/// <param name="Pipeline">The commands, run concurrently, stdout of each feeding stdin of the next; the last one's exit code is the status.</param>
/// <param name="Background">
/// Started and not waited for: the step's status is 0 at once and its stdin is empty. The request waits for every
/// background step before it answers, and the deadline kills them like any other command.
/// </param>
public sealed record ScriptStep(string? Op, bool Negated, IReadOnlyList<ScriptCommand>? Pipeline, bool Background = false)
{
    /// <summary>The one-step script of a plain argv (the request's <c>argv</c> when there is no <c>script</c>).</summary>
    public static ScriptStep ForArgv(IReadOnlyList<string> argv) =>
        new(null, false, [new ScriptCommand(argv, [], null, ScriptCommand.Out, ScriptCommand.Err)]);
}
