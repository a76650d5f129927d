namespace ToolGate.Samples.ShellTool;

/// <summary>Configuration section <c>ShellTool</c>.</summary>
internal sealed class ShellToolOptions
{
    public const string SectionName = "ShellTool";

    /// <summary>Working directory when a request has no <c>cwd</c>. Made absolute at startup; defaults to the current directory.</summary>
    public string? DefaultCwd { get; set; }

    /// <summary>Wall-clock limit for one request (all steps of a script together); the running process trees are killed when it is reached.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Iterations of all while / until loops of one request together; past it the script is stopped with an error.</summary>
    public int MaxLoopIterations { get; set; } = ScriptExecution.DefaultMaxLoopIterations;
}
