using System.Collections.Immutable;
using System.Text.Json;
using ToolGate.Core;
using ToolGate.Core.Actions;
using ToolGate.Core.Compute;

namespace ToolGate.Gateway.Classify;

/// <summary>
/// Turns a JSON object into a canonical <see cref="ToolAction"/>. Missing fields and fields of the wrong
/// type are errors, never defaults: an action that cannot be read exactly is not decided.
/// </summary>
internal static class ActionReader
{
    public const int MaxStringLength = 16 * 1024;

    public static ToolAction? Read(JsonElement body, ActionFields fields, out string error)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            error = "the body must be a JSON object";
            return null;
        }

        switch (fields.Kind)
        {
            case Capability.Shell:
                if (RequiredString(body, fields.Command, out var command, out error) && OptionalString(body, fields.Cwd, out var cwd, out error))
                {
                    return new ShellAction(command, cwd);
                }

                return null;
            case Capability.Network:
                return RequiredString(body, fields.Target, out var target, out error) ? new NetworkAction(target) : null;
            case Capability.Compute:
                if (RequiredString(body, fields.Image, out var image, out error)
                    && OptionalString(body, fields.Command, out var job, out error)
                    && RequiredInt(body, fields.Gpus, out var gpus, out error)
                    && RequiredInt(body, fields.Duration, out var duration, out error)
                    && OptionalEnv(body, fields.Env, out var env, out error))
                {
                    return new ComputeAction(image, job, gpus, duration, env);
                }

                return null;
            default:
                error = $"{fields.Kind.ToName()} actions cannot arrive on a tool route";
                return null;
        }
    }

    private static bool RequiredString(JsonElement body, string name, out string value, out string error)
    {
        value = string.Empty;
        if (!body.TryGetProperty(name, out var element))
        {
            error = $"field '{name}' is missing";
            return false;
        }

        return ReadString(element, name, out value, out error);
    }

    private static bool OptionalString(JsonElement body, string name, out string? value, out string error)
    {
        value = null;
        error = string.Empty;
        if (!body.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        var ok = ReadString(element, name, out var text, out error);
        value = text;
        return ok;
    }

    private static bool ReadString(JsonElement element, string name, out string value, out string error)
    {
        value = string.Empty;
        if (element.ValueKind != JsonValueKind.String)
        {
            error = $"field '{name}' must be a string, not {element.ValueKind.ToString().ToLowerInvariant()}";
            return false;
        }

        value = element.GetString()!;
        if (value.Length > MaxStringLength)
        {
            error = $"field '{name}' is longer than {MaxStringLength} characters";
            return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>An object of strings; any other value is an error (never a number turned into text), bounded by <see cref="ComputeEnv"/>.</summary>
    private static bool OptionalEnv(JsonElement body, string name, out ImmutableSortedDictionary<string, string>? env, out string error)
    {
        env = null;
        error = string.Empty;
        if (!body.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            error = $"field '{name}' must be an object of strings, not {element.ValueKind.ToString().ToLowerInvariant()}";
            return false;
        }

        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var variable in element.EnumerateObject())
        {
            // Checked while reading, so a huge object is refused before it is all copied.
            if (builder.Count == ComputeEnv.MaxVariables)
            {
                error = $"field '{name}' has more than {ComputeEnv.MaxVariables} variables";
                return false;
            }

            if (variable.Value.ValueKind != JsonValueKind.String)
            {
                error = $"field '{name}.{Shorten(variable.Name)}' must be a string, not {variable.Value.ValueKind.ToString().ToLowerInvariant()}";
                return false;
            }

            builder[variable.Name] = variable.Value.GetString()!;
        }

        if (ComputeEnv.Validate(builder) is { } problem)
        {
            error = $"field '{name}': {problem}";
            return false;
        }

        env = builder.ToImmutable();
        return true;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static bool RequiredInt(JsonElement body, string name, out int value, out string error)
    {
        value = 0;
        if (!body.TryGetProperty(name, out var element))
        {
            error = $"field '{name}' is missing";
            return false;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out value))
        {
            error = $"field '{name}' must be a whole number";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
