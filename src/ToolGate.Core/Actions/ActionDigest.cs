using System.Security.Cryptography;
using System.Text.Json;

namespace ToolGate.Core.Actions;

/// <summary>SHA-256 of an action's canonical JSON: what the audit record commits to.</summary>
public static class ActionDigest
{
    public static string Compute(ToolAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var json = JsonSerializer.SerializeToUtf8Bytes(action, action.GetType());
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }
}
