using System.Text.Json;
using ToolGate.Core.Shell;

namespace ToolGate.Gateway.Classify;

/// <summary>
/// Writes a <see cref="ShellPlan"/> into the body the shell tool receives: <c>script</c> (steps of
/// pipelines of argv commands) and, for a single command, <c>argv</c> as well.
/// </summary>
internal static class ShellPlanWriter
{
    public static void Write(Utf8JsonWriter writer, ShellPlan plan)
    {
        if (plan.Steps is [{ Commands: [var only] }] && only.Globs.IsEmpty && only.Stdin is null && only is { Stdout: "out", Stderr: "err" })
        {
            WriteStrings(writer, "argv", only.Argv);
        }

        writer.WriteStartArray("script");
        foreach (var step in plan.Steps)
        {
            writer.WriteStartObject();
            writer.WriteString("op", step.Operator);
            writer.WriteBoolean("negated", step.Negated);
            writer.WriteStartArray("pipeline");
            foreach (var command in step.Commands)
            {
                writer.WriteStartObject();
                WriteStrings(writer, "argv", command.Argv);
                writer.WriteStartArray("globs");
                foreach (var index in command.Globs)
                {
                    writer.WriteNumberValue(index);
                }

                writer.WriteEndArray();
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

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
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
