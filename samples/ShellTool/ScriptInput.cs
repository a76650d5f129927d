namespace ToolGate.Samples.ShellTool;

/// <summary>
/// Standard input of a <see cref="ScriptCommand"/>: exactly one of <see cref="Text"/> (<c>&lt;&lt;EOF</c>, <c>&lt;&lt;&lt;</c>)
/// and <see cref="File"/> (<c>&lt; path</c>) is non-null.
/// </summary>
/// <param name="Text">Written to the command's stdin as UTF-8, which is then closed.</param>
/// <param name="File">A file opened for reading, relative to cwd; when it cannot be opened the command fails with status 1.</param>
public sealed record ScriptInput(string? Text, string? File);
