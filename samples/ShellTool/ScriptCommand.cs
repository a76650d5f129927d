namespace ToolGate.Samples.ShellTool;

/// <summary>
/// One element of a <see cref="ScriptStep"/>'s pipeline: a program,
/// <c>{"argv": ["grep", "-n", "foo", "src/*.ts"], "globs": [3], "stdin": null, "stdout": "out", "stderr": "err"}</c>,
/// or a compound command, <c>{"node": {"kind": "if", ...}, "stdout": "out", "stderr": "err"}</c>.
/// </summary>
/// <param name="Argv">The words, <c>argv[0]</c> the program (resolved like execvp); passed as is, nothing is re-parsed. Absent with <paramref name="Node"/>.</param>
/// <param name="Globs">Indexes of <paramref name="Argv"/> words that are pathname patterns, expanded in cwd by <see cref="GlobExpander"/>.</param>
/// <param name="Stdin">Null: the pipe from the previous command (for the first, the input of the enclosing compound command, or nothing); otherwise a here-document text or a file. Never with <paramref name="Node"/>.</param>
/// <param name="Stdout">Where fd 1 goes: <see cref="Out"/>, <see cref="Err"/> or <see cref="Null"/>.</param>
/// <param name="Stderr">Where fd 2 goes: <see cref="Out"/> (as <c>2&gt;&amp;1</c>), <see cref="Err"/> or <see cref="Null"/>.</param>
/// <param name="Node">A compound command run instead of a program; its commands' <c>out</c> and <c>err</c> go where this element's do.</param>
public sealed record ScriptCommand(
    IReadOnlyList<string>? Argv, IReadOnlyList<int>? Globs, ScriptInput? Stdin, string? Stdout, string? Stderr, ScriptNode? Node = null)
{
    /// <summary>The command's output stream: the pipe to the next command, or the captured stdout for the last one.</summary>
    public const string Out = "out";

    /// <summary>The tool's captured stderr.</summary>
    public const string Err = "err";

    /// <summary>Discarded, as <c>&gt;/dev/null</c>.</summary>
    public const string Null = "null";
}
