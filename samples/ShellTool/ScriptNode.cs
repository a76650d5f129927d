namespace ToolGate.Samples.ShellTool;

/// <summary>
/// A compound command of a script, run by <see cref="ScriptExecution"/> with bash's rules; its status is that of the last
/// command it ran (0 when none ran). By <see cref="Kind"/>:
/// <list type="bullet">
/// <item><c>group</c>, <c>subshell</c>, <c>for</c> (a loop the gateway unrolled), <c>case</c> (the arms that run): <see cref="Body"/> once;</item>
/// <item><c>if</c>: the body of the first of <see cref="Branches"/> whose condition has status 0, else <see cref="Else"/> (if any);</item>
/// <item><c>while</c> / <c>until</c>: <see cref="Body"/> while <see cref="Condition"/> has status 0 (non-zero for until),
/// at most <c>ShellTool:MaxLoopIterations</c> iterations per request in all.</item>
/// </list>
/// </summary>
public sealed record ScriptNode(
    string? Kind,
    IReadOnlyList<ScriptStep?>? Body = null,
    IReadOnlyList<ScriptBranch?>? Branches = null,
    IReadOnlyList<ScriptStep?>? Else = null,
    IReadOnlyList<ScriptStep?>? Condition = null)
{
    public const string Group = "group";
    public const string Subshell = "subshell";
    public const string For = "for";
    public const string Case = "case";
    public const string If = "if";
    public const string While = "while";
    public const string Until = "until";
}

/// <summary>One <c>if</c> / <c>elif</c> branch: <c>{"condition": [steps], "body": [steps]}</c>.</summary>
public sealed record ScriptBranch(IReadOnlyList<ScriptStep?>? Condition, IReadOnlyList<ScriptStep?>? Body);
