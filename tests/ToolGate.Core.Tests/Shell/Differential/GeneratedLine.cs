namespace ToolGate.Core.Tests.Shell.Differential;

/// <summary>
/// A command line made by <see cref="CommandLineGenerator"/>: its text, and the source of each simple command
/// in it, in order, so bash can be asked for the argv of each command on its own (<c>set -- …</c>).
/// </summary>
internal sealed record GeneratedLine(string Text, IReadOnlyList<string> Commands)
{
    public override string ToString() => BashArgv.Escape(Text);
}
