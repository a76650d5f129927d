using System.Text;
using ToolGate.Core.Shell;

namespace ToolGate.Core.Tests.Shell.Constructs;

/// <summary>
/// A plan written back as shell-like text, so a test can pin a whole tree in one line: <c>{ … }</c> group, <c>( … )</c>
/// subshell, <c>for{ … }</c> unrolled loop, <c>case{ … }</c> resolved arms, <c>if … then … else … fi</c>,
/// <c>while … do … done</c>; a word with a blank is quoted; non-default streams as <c>&gt;null</c>, <c>2&gt;out</c>, <c>&lt;file</c>.
/// </summary>
internal static class PlanText
{
    public static string Of(ShellPlan plan)
    {
        var text = new StringBuilder();
        foreach (var step in plan.Steps)
        {
            if (step.Operator is { } op)
            {
                text.Append(op == ";" ? "; " : $" {op} ");
            }

            text.Append(step.Negated ? "! " : string.Empty);
            text.AppendJoin(" | ", step.Commands.Select(Of));
            text.Append(step.Background ? " &" : string.Empty);
        }

        return text.ToString();
    }

    private static string Of(ShellPlanCommand command)
    {
        var text = command.Node switch
        {
            null => string.Join(' ', command.Argv.Select((w, i) => w.Contains(' ', StringComparison.Ordinal) || w.Length == 0 ? $"'{w}'" : command.Globs.Contains(i) ? $"glob:{w}" : w)),
            ShellPlanBlock { Kind: ShellPlanBlock.Group } b => $"{{ {Of(b.Body)} }}",
            ShellPlanBlock { Kind: ShellPlanBlock.Subshell } b => $"( {Of(b.Body)} )",
            ShellPlanBlock b => $"{b.Kind}{{ {Of(b.Body)} }}",
            ShellPlanIf i => string.Join(" el", i.Branches.Select(b => $"if {Of(b.Condition)} then {Of(b.Body)}"))
                + (i.Else is null ? string.Empty : $" else {Of(i.Else)}") + " fi",
            ShellPlanLoop l => $"{(l.Until ? "until" : "while")} {Of(l.Condition)} do {Of(l.Body)} done",
            _ => "?",
        };

        var streams = (command.Stdout == "out" ? string.Empty : $" >{command.Stdout}") + (command.Stderr == "err" ? string.Empty : $" 2>{command.Stderr}");
        var input = command.Stdin switch
        {
            { File: { } file } => $" <{file}",
            { Text: { } here } => $" <<{here.TrimEnd('\n')}",
            _ => string.Empty,
        };
        return text + input + streams;
    }
}
