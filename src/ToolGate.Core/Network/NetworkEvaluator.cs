using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Policies;

namespace ToolGate.Core.Network;

/// <summary>
/// Decides a network action: mining schemes, canonicalise the target, guardrails
/// (<see cref="NetworkGuardrails"/>: pool domains and ports, special names, address classes unless the
/// operator opened the range), deny patterns, then allow patterns. Default deny. Names are not resolved
/// here: the gateway checks every address a name resolves to with <see cref="ResolvedAddressCheck"/>.
/// </summary>
public static class NetworkEvaluator
{
    public static Verdict Decide(NetworkAction action, NetworkPolicy policy, NetworkKnowledge? knowledge, OperatorSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(policy);
        if (knowledge is null)
        {
            return NetworkGuardrails.NoKnowledge();
        }

        if (NetworkGuardrails.CheckScheme(action.Destination, knowledge) is { } miner)
        {
            return miner;
        }

        if (!NetworkTarget.TryParse(action.Destination, out var target, out var error))
        {
            return Verdict.Deny(error, Rules.InvalidTarget);
        }

        if (NetworkGuardrails.Check(target, knowledge, settings) is { } guardrail)
        {
            return guardrail;
        }

        foreach (var (pattern, grant) in policy.Denies)
        {
            if (grant.IsActiveAt(now) && pattern.MayMatch(target))
            {
                return Verdict.Deny(pattern.DenyReasonFor(target), Rules.ForGrant(grant.Id), Severity.High);
            }
        }

        if (policy.AllowByHost.TryGetValue(target.Host, out var exact))
        {
            foreach (var (pattern, grant) in exact)
            {
                if (grant.IsActiveAt(now) && pattern.Matches(target))
                {
                    return Verdict.Allow(grant, pattern.AllowReason, target);
                }
            }
        }

        foreach (var (pattern, grant) in policy.AllowWildcards)
        {
            if (grant.IsActiveAt(now) && pattern.Matches(target))
            {
                return Verdict.Allow(grant, pattern.AllowReason, target);
            }
        }

        return Verdict.Deny($"no network grant allows {target}", Rules.DefaultDeny);
    }
}
