namespace ToolGate.Core;

/// <summary>What kind of thing an agent asks to do. Grants, limits and audit records are keyed by it.</summary>
public enum Capability
{
    Shell,
    Network,
    Compute,
    Mcp,
}

public static class CapabilityNames
{
    public const string Shell = "shell";
    public const string Network = "network";
    public const string Compute = "compute";
    public const string Mcp = "mcp";

    public static string ToName(this Capability capability) => capability switch
    {
        Capability.Shell => Shell,
        Capability.Network => Network,
        Capability.Compute => Compute,
        Capability.Mcp => Mcp,
        _ => throw new ArgumentOutOfRangeException(nameof(capability), capability, null),
    };

    public static bool TryParse(string? name, out Capability capability)
    {
        switch (name)
        {
            case Shell: capability = Capability.Shell; return true;
            case Network: capability = Capability.Network; return true;
            case Compute: capability = Capability.Compute; return true;
            case Mcp: capability = Capability.Mcp; return true;
            default: capability = default; return false;
        }
    }
}
