namespace ToolGate.Samples.ShellTool;

/// <summary>
/// Response of <c>POST /tools/shell</c>:
/// <c>{"exitCode": 0, "stdout": "...", "stderr": "...", "timedOut": false, "truncated": false}</c>.
/// </summary>
/// <param name="ExitCode">
/// The final status of the script, as <c>$?</c> in bash after it: the last pipeline run's last command's exit code
/// (inverted by <c>!</c>); 127 when a program was not found, 126 when it could not be executed, 1 when a stdin file could
/// not be opened or a glob hit its limit, 128+signal when killed (137 after a timeout).
/// </param>
/// <param name="Stdout">Standard output as UTF-8 text, at most 1 MiB of it.</param>
/// <param name="Stderr">Standard error as UTF-8 text (of every command, plus shell-style error lines), at most 1 MiB of it.</param>
/// <param name="TimedOut">True when <c>ShellTool:TimeoutSeconds</c> ran out and the running process trees were killed.</param>
/// <param name="Truncated">True when stdout or stderr was cut at 1 MiB.</param>
public sealed record ShellResult(int ExitCode, string Stdout, string Stderr, bool TimedOut, bool Truncated);
