using ToolGate.Core.Actions;
using ToolGate.Core.Compute;
using ToolGate.Core.Mcp;
using ToolGate.Core.Network;
using ToolGate.Core.Policies;
using ToolGate.Core.Shell;

namespace ToolGate.Core.Decisions;

/// <summary>
/// The one place an action is decided: pure, no I/O, the clock passed in. Guardrails first (no grant
/// overrides them), then the agent's grants for the action's capability, default deny. The gateway's
/// request pipeline and <c>POST /v1/evaluate</c> both call exactly this.
/// </summary>
public static class DecisionEngine
{
    public static Verdict Decide(string agentId, ToolAction action, PolicySnapshot snapshot, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(snapshot);
        var policy = snapshot.For(agentId);
        try
        {
            return action switch
            {
                ShellAction shell => ShellEvaluator.Decide(shell, policy.Shell, snapshot.ShellKnowledge, now, snapshot.ShellNetwork),
                NetworkAction network => NetworkEvaluator.Decide(network, policy.Network, snapshot.NetworkKnowledge, snapshot.Settings, now),
                ComputeAction compute => ComputeEvaluator.Decide(compute, policy.Compute, snapshot.ComputeGuardrails, now),
                McpAction mcp => McpEvaluator.Decide(mcp, policy, snapshot, now),
                _ => Verdict.Deny($"unknown action kind '{action.GetType().Name}'", Rules.Unclassifiable),
            };
        }
#pragma warning disable CA1031 // Fail closed: a fault in an evaluator is a denial, never an allow or a crash.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Verdict.Deny($"the action could not be decided ({e.GetType().Name}); denied", Rules.DecisionError, Severity.High);
        }
    }
}
