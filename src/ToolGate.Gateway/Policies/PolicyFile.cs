using ToolGate.Gateway.Grants;

namespace ToolGate.Gateway.Policies;

/// <summary>The shape of a policy file under <c>policies/</c>: grants as code.</summary>
internal sealed class PolicyFile
{
    public List<GrantRequest>? Grants { get; set; }
}
