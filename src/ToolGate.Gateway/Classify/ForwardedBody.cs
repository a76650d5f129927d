using System.Net;
using System.Text.Json;
using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;

namespace ToolGate.Gateway.Classify;

/// <summary>
/// What the tool receives: the canonical action the gateway decided, written with the route's field names,
/// and nothing else from the agent's body (no unchecked extra fields reach the tool). Shell calls also
/// and compute jobs with a command carry <c>argv</c>, the words that were checked, so the tool runs exactly those without a shell; network
/// calls carry the address the name was resolved to and checked against, which the tool must dial.
/// </summary>
internal static class ForwardedBody
{
    /// <param name="verdict">The allowing verdict: its checked shell plan or network target is what is written.</param>
    /// <param name="destination">For network actions: the checked address the tool must dial.</param>
    /// <param name="usageReport">For budgeted compute jobs: where and with which token the tool reports what the job used.</param>
    public static byte[] Write(ToolAction action, ActionFields fields, Verdict verdict, IPEndPoint? destination, (string Url, string Token)? usageReport = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            switch (action)
            {
                case ShellAction shell:
                    writer.WriteString(fields.Command, shell.Command);
                    WriteOptional(writer, fields.Cwd, shell.Cwd);
                    ShellPlanWriter.Write(writer, verdict.ShellPlan
                        ?? throw new InvalidOperationException("an allowed command line has no checked plan"));
                    break;
                case NetworkAction:
                    // The tool gets the form that was checked, not the agent's spelling.
                    writer.WriteString(fields.Target, verdict.NetworkTarget?.ToCanonicalString()
                        ?? throw new InvalidOperationException("an allowed network action has no checked target"));
                    // The tool connects here and resolves nothing itself: DNS cannot change the answer after the check.
                    writer.WriteString(fields.Address, destination?.Address.ToString()
                        ?? throw new InvalidOperationException("an allowed network action has no checked address"));
                    break;
                case ComputeAction compute:
                    WriteCompute(writer, compute, fields, verdict);
                    if (usageReport is { } report)
                    {
                        writer.WriteStartObject("usageReport");
                        writer.WriteString("url", report.Url);
                        writer.WriteString("token", report.Token);
                        writer.WriteEndObject();
                    }

                    break;
                default:
                    throw new ArgumentException($"{action.GetType().Name} is not forwarded over a tool route", nameof(action));
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    // A job with a command also carries the argv that was judged: the tool runs those words, without a shell.
    private static void WriteCompute(Utf8JsonWriter writer, ComputeAction compute, ActionFields fields, Verdict verdict)
    {
        writer.WriteString(fields.Image, compute.Image);
        WriteOptional(writer, fields.Command, compute.Command);
        if (compute.Command is not null)
        {
            var argv = verdict.ShellPlan is { Steps: [{ Commands: [var single] }] }
                ? single.Argv
                : throw new InvalidOperationException("an allowed job command has no checked argv");
            writer.WriteStartArray("argv");
            foreach (var word in argv)
            {
                writer.WriteStringValue(word);
            }

            writer.WriteEndArray();
        }

        writer.WriteNumber(fields.Gpus, compute.Gpus);
        writer.WriteNumber(fields.Duration, compute.DurationSeconds);
        if (compute.Env is { Count: > 0 } env)
        {
            writer.WriteStartObject(fields.Env);
            foreach (var (name, value) in env)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
