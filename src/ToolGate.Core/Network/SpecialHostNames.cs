using System.Collections.Frozen;

namespace ToolGate.Core.Network;

/// <summary>Names that always mean this machine or a cloud metadata service, whatever DNS says.</summary>
public static class SpecialHostNames
{
    private static readonly FrozenDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["localhost"] = "loopback name",
        ["localhost.localdomain"] = "loopback name",
        ["ip6-localhost"] = "loopback name",
        ["ip6-loopback"] = "loopback name",
        ["metadata"] = "cloud metadata name",
        ["metadata.google.internal"] = "cloud metadata name",
        ["metadata.goog"] = "cloud metadata name",
        ["instance-data"] = "cloud metadata name",
        ["instance-data.ec2.internal"] = "cloud metadata name",
        ["metadata.azure.com"] = "cloud metadata name",
        ["metadata.tencentyun.com"] = "cloud metadata name",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The class of a canonical (lower-case, no trailing dot) host name, or null.</summary>
    public static string? Classify(string host) =>
        Names.TryGetValue(host, out var name) ? name
        : host.EndsWith(".localhost", StringComparison.Ordinal) ? "loopback name"
        : null;
}
