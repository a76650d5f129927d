namespace ToolGate.Samples.ShellTool;

/// <summary>
/// Body of <c>POST /tools/shell</c>:
/// <c>{"command": "git status | head -5", "cwd": "/workspace", "script": [...], "argv": [...]}</c>.
/// </summary>
/// <param name="Command">The command line as the agent wrote it. Informational only: it is never parsed or run.</param>
/// <param name="Cwd">Working directory (absolute, or relative to <c>ShellTool:DefaultCwd</c>); null or absent means the default.</param>
/// <param name="Argv">
/// The argv the gateway checked, present when the command line is one plain command; <c>argv[0]</c> is the program.
/// Run as is, without a shell. Ignored when <paramref name="Script"/> is present.
/// </param>
/// <param name="Script">
/// The canonical command line the gateway parsed and checked, as data: steps of pipelines of argv commands.
/// Run by <see cref="ScriptRunner"/> with bash semantics and no shell. Takes precedence over <paramref name="Argv"/>.
/// </param>
public sealed record ShellRequest(string? Command, string? Cwd, IReadOnlyList<string>? Argv, IReadOnlyList<ScriptStep>? Script = null);
