using System.Text.Json;
using ToolGate.Core.Shell;

namespace ToolGate.Gateway.Classify;

/// <summary>
/// Writes a <see cref="ShellPlan"/> into the body the shell tool receives: <c>script</c> (steps of pipelines of argv
/// commands) and, for a single plain command, <c>argv</c> as well. A compound command is a pipeline element
/// <c>{"node": {"kind": …}, "stdout": …, "stderr": …}</c> whose plans are scripts of the same shape, and a background
/// step has <c>"background": true</c>; a flat plan is written exactly as before those existed.
/// </summary>
internal static class ShellPlanWriter
{
    public static void Write(Utf8JsonWriter writer, ShellPlan plan)
    {
        if (plan.Steps is [{ Background: false, Commands: [var only] }] && only.Node is null && only.Globs.IsEmpty && only.Stdin is null
            && only is { Stdout: "out", Stderr: "err" })
        {
            WriteStrings(writer, "argv", only.Argv);
        }

        WriteScript(writer, "script", plan);
    }

    private static void WriteScript(Utf8JsonWriter writer, string name, ShellPlan plan)
    {
        writer.WriteStartArray(name);
        foreach (var step in plan.Steps)
        {
            writer.WriteStartObject();
            writer.WriteString("op", step.Operator);
            writer.WriteBoolean("negated", step.Negated);
            if (step.Background)
            {
                writer.WriteBoolean("background", true);
            }

            writer.WriteStartArray("pipeline");
            foreach (var command in step.Commands)
            {
                WriteCommand(writer, command);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteCommand(Utf8JsonWriter writer, ShellPlanCommand command)
    {
        writer.WriteStartObject();
        if (command.Node is { } node)
        {
            writer.WriteStartObject("node");
            WriteNode(writer, node);
            writer.WriteEndObject();
        }
        else
        {
            WriteStrings(writer, "argv", command.Argv);
            writer.WriteStartArray("globs");
            foreach (var index in command.Globs)
            {
                writer.WriteNumberValue(index);
            }

            writer.WriteEndArray();
        }

        if (command.Stdin is { } stdin)
        {
            writer.WriteStartObject("stdin");
            writer.WriteString("text", stdin.Text);
            writer.WriteString("file", stdin.File);
            writer.WriteEndObject();
        }

        writer.WriteString("stdout", command.Stdout);
        writer.WriteString("stderr", command.Stderr);
        writer.WriteEndObject();
    }

    // {"kind": "group" | "subshell" | "for" | "case", "body": [...]}, {"kind": "if", "branches": [{"condition", "body"}], "else"},
    // {"kind": "while" | "until", "condition": [...], "body": [...]}.
    private static void WriteNode(Utf8JsonWriter writer, ShellPlanNode node)
    {
        switch (node)
        {
            case ShellPlanBlock block:
                writer.WriteString("kind", block.Kind);
                WriteScript(writer, "body", block.Body);
                break;
            case ShellPlanIf conditional:
                writer.WriteString("kind", "if");
                writer.WriteStartArray("branches");
                foreach (var branch in conditional.Branches)
                {
                    writer.WriteStartObject();
                    WriteScript(writer, "condition", branch.Condition);
                    WriteScript(writer, "body", branch.Body);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                if (conditional.Else is { } otherwise)
                {
                    WriteScript(writer, "else", otherwise);
                }

                break;
            case ShellPlanLoop loop:
                writer.WriteString("kind", loop.Until ? "until" : "while");
                WriteScript(writer, "condition", loop.Condition);
                WriteScript(writer, "body", loop.Body);
                break;
            default:
                throw new ArgumentException($"{node.GetType().Name} is not a plan node the tool knows", nameof(node));
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
