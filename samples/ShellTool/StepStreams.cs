namespace ToolGate.Samples.ShellTool;

/// <summary>
/// Where the steps of one script level read and write: the request's captured output at the top, and inside a compound
/// command whatever its pipeline element was given (a pipe, the captured output, nothing).
/// </summary>
/// <param name="Stdout">Where a pipeline's last command's <c>out</c> goes.</param>
/// <param name="Stderr">Where <c>err</c> goes.</param>
/// <param name="Stdin">What a pipeline's first command reads when it has no stdin of its own; null: nothing (EOF at once).</param>
internal sealed record StepStreams(OutputSink Stdout, OutputSink Stderr, Stream? Stdin);
