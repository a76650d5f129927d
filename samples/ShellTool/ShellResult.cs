namespace ToolGate.Samples.ShellTool;

/// <summary>
/// Response of <c>POST /tools/shell</c>:
/// <c>{"exitCode": 0, "stdout": "...", "stderr": "...", "timedOut": false, "truncated": false}</c>.
/// </summary>
/// <param name="ExitCode">The process exit code; 127 when the program was not found, 126 when it could not be executed, 128+signal when killed (137 after a timeout).</param>
/// <param name="Stdout">Standard output as UTF-8 text, at most 1 MiB of it.</param>
/// <param name="Stderr">Standard error as UTF-8 text, at most 1 MiB of it.</param>
/// <param name="TimedOut">True when <c>ShellTool:TimeoutSeconds</c> ran out and the process tree was killed.</param>
/// <param name="Truncated">True when stdout or stderr was cut at 1 MiB.</param>
public sealed record ShellResult(int ExitCode, string Stdout, string Stderr, bool TimedOut, bool Truncated);
