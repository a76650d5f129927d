using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ToolGate.Core.Actions;

/// <summary>SHA-256 of an action's canonical JSON: what the audit record commits to.</summary>
public static class ActionDigest
{
    // Enum names, not numbers, and the records' declaration order: stable across builds that keep the shape.
    private static readonly JsonSerializerOptions Canonical = new() { Converters = { new JsonStringEnumConverter() } };

    public static string Compute(ToolAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var json = JsonSerializer.SerializeToUtf8Bytes(action, action.GetType(), Canonical);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }
}
