using System.Text.Json;
using ToolGate.Core;
using ToolGate.Core.Actions;

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
                    && RequiredInt(body, fields.Duration, out var duration, out error))
                {
                    return new ComputeAction(image, job, gpus, duration);
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
