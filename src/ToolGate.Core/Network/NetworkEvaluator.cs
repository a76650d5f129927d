using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Policies;

namespace ToolGate.Core.Network;

/// <summary>
/// Decides a network action: canonicalise the target, guardrails (mining schemes, special names, address
/// classes unless the operator opened the range), deny patterns, then allow patterns. Default deny.
/// Foundation level: names are not resolved here, so a public name that resolves to a private address is
/// caught only by not being granted; the network issue adds resolution and connect-time pinning.
/// </summary>
public static class NetworkEvaluator
{
    public static Verdict Decide(NetworkAction action, NetworkPolicy policy, OperatorSettings settings, DateTimeOffset now)
    {
        if (action.Destination.StartsWith("stratum", StringComparison.OrdinalIgnoreCase)
            && action.Destination.Contains("://", StringComparison.Ordinal))
        {
            return Verdict.Deny("stratum mining protocol", Rules.ForGuardrail("network.miner"), Severity.Critical);
        }

        if (!NetworkTarget.TryParse(action.Destination, out var target, out var error))
        {
            return Verdict.Deny(error, Rules.InvalidTarget);
        }

        if (SpecialHostNames.Classify(target.Host) is { } nameClass)
        {
            return Verdict.Deny($"'{target.Host}' is a {nameClass}", Rules.ForGuardrail("network.address-class"), Severity.High);
        }

        if (target.Address is { } address && AddressClassifier.Classify(address) is { } addressClass && !settings.IsOpened(address))
        {
            return Verdict.Deny($"{address} is in a blocked address class: {addressClass}", Rules.ForGuardrail("network.address-class"), Severity.High);
        }

        foreach (var (pattern, grant) in policy.Denies)
        {
            if (grant.IsActiveAt(now) && pattern.Matches(target))
            {
                return Verdict.Deny($"target matches deny pattern '{pattern}'", Rules.ForGrant(grant.Id), Severity.High);
            }
        }

        if (policy.AllowByHost.TryGetValue(target.Host, out var exact))
        {
            foreach (var (pattern, grant) in exact)
            {
                if (grant.IsActiveAt(now) && pattern.Matches(target))
                {
                    return Verdict.Allow(grant, $"target matches '{pattern}'");
                }
            }
        }

        foreach (var (pattern, grant) in policy.AllowWildcards)
        {
            if (grant.IsActiveAt(now) && pattern.Matches(target))
            {
                return Verdict.Allow(grant, $"target matches '{pattern}'");
            }
        }

        return Verdict.Deny($"no network grant allows {target}", Rules.DefaultDeny);
    }
}
