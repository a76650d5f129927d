using ToolGate.Core.Compute;
using ToolGate.Core.Grants;
using ToolGate.Core.Mcp;
using ToolGate.Core.Network;
using ToolGate.Core.Shell;

namespace ToolGate.Core.Policies;

/// <summary>Everything one agent is granted, compiled per capability.</summary>
public sealed class AgentPolicy
{
    public static readonly AgentPolicy Empty = new(ShellPolicy.Empty, NetworkPolicy.Empty, ComputePolicy.Empty, McpPolicy.Empty);

    private AgentPolicy(ShellPolicy shell, NetworkPolicy network, ComputePolicy compute, McpPolicy mcp)
    {
        Shell = shell;
        Network = network;
        Compute = compute;
        Mcp = mcp;
    }

    public ShellPolicy Shell { get; }

    public NetworkPolicy Network { get; }

    public ComputePolicy Compute { get; }

    public McpPolicy Mcp { get; }

    public static AgentPolicy Compile(IReadOnlyCollection<Grant> grants) => new(
        ShellPolicy.Compile(grants.OfType<ShellGrant>()),
        NetworkPolicy.Compile(grants.OfType<NetworkGrant>()),
        ComputePolicy.Compile(grants.OfType<ComputeGrant>()),
        McpPolicy.Compile(grants.OfType<McpGrant>()));
}
