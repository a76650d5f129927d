namespace ToolGate.Core.Actions;

/// <summary>A shell command line to run in a working directory.</summary>
public sealed record ShellAction(string Command, string? Cwd) : ToolAction
{
    public override Capability Capability => Capability.Shell;

    public override string Target => Command;
}
