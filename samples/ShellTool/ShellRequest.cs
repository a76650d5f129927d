namespace ToolGate.Samples.ShellTool;

/// <summary>
/// Body of <c>POST /tools/shell</c>: <c>{"command": "git status", "cwd": "/workspace", "argv": ["git", "status"]}</c>.
/// </summary>
/// <param name="Command">The command line as the agent wrote it. Informational only: it is never parsed or run.</param>
/// <param name="Cwd">Working directory (absolute, or relative to <c>ShellTool:DefaultCwd</c>); null or absent means the default.</param>
/// <param name="Argv">The argv the gateway checked; <c>argv[0]</c> is the program. Run as is, without a shell.</param>
public sealed record ShellRequest(string? Command, string? Cwd, IReadOnlyList<string>? Argv);
