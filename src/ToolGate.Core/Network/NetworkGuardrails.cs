using System.Net;
using ToolGate.Core.Decisions;
using ToolGate.Core.Policies;

namespace ToolGate.Core.Network;

/// <summary>
/// The checks no grant overrides, not even <c>*</c>: mining indicators (critical), special host names and
/// blocked address classes (high; an address range the operator opened passes, a name never does).
/// </summary>
public static class NetworkGuardrails
{
    public const string MinerRule = "guardrail:network.miner";
    public const string AddressClassRule = "guardrail:network.address-class";

    /// <summary>A mining scheme at the start of a raw target, checked before parsing (the parser refuses such schemes).</summary>
    public static Verdict? CheckScheme(string destination, NetworkKnowledge knowledge)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        return knowledge.Mining.SchemeOf(destination) is { } scheme
            ? Verdict.Deny($"'{scheme}://' is a mining pool protocol", MinerRule, Severity.Critical)
            : null;
    }

    public static Verdict? Check(NetworkTarget target, NetworkKnowledge knowledge, OperatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(knowledge);
        ArgumentNullException.ThrowIfNull(settings);
        var mining = knowledge.Mining;
        if (target.Address is null && mining.PoolDomains.TryMatch(target.Host, out var pool, out _))
        {
            return Verdict.Deny($"'{target.Host}' is under mining pool domain '{pool}'", MinerRule, Severity.Critical);
        }

        // Only a CONNECT tunnel carries raw stratum; an http(s) URL on the same port carries HTTP.
        if (target.IsAuthority && mining.ConnectPorts.Contains(target.Port))
        {
            return Verdict.Deny($"CONNECT to port {target.Port}, a typical mining pool port", MinerRule, Severity.Critical);
        }

        if (target.Address is null)
        {
            return knowledge.HostNames.Classify(target.Host) is { } nameClass
                ? Verdict.Deny($"'{target.Host}' is a {nameClass}", AddressClassRule, Severity.High)
                : CheckSpelledAddress(target.Host, knowledge, settings);
        }

        if (CheckAddress(target.Address, knowledge, settings) is { } addressClass)
        {
            return Verdict.Deny($"{target.Address} is in a blocked address class: {addressClass}", AddressClassRule, Severity.High);
        }

        return target.DecimalReading is { } other ? CheckDecimalReading(target.Address, other, knowledge, settings) : null;
    }

    // Zero-padded numbers are octal to some parsers and decimal to others: both readings must pass, and they must agree.
    private static Verdict CheckDecimalReading(IPAddress octal, IPAddress other, NetworkKnowledge knowledge, OperatorSettings settings) =>
        CheckAddress(other, knowledge, settings) is { } otherClass
            ? Verdict.Deny(
                $"the zero-padded address is {octal} read as octal but {other} read as decimal, and {other} is in a blocked address class: {otherClass}",
                AddressClassRule, Severity.High)
            : Verdict.Deny($"the zero-padded address is {octal} read as octal but {other} read as decimal; write it without leading zeros", Rules.InvalidTarget);

    // A name under an address-echo DNS service resolves to the address it spells: judged before any resolution, so a
    // tool that resolves the name itself (an MCP server) is not steered inward either.
    private static Verdict? CheckSpelledAddress(string host, NetworkKnowledge knowledge, OperatorSettings settings)
    {
        if (!knowledge.AddressEchoDomains.TryMatch(host, out var domain, out _) || host.Length == domain.Length)
        {
            return null;
        }

        foreach (var address in SpelledAddresses.In(host[..(host.Length - domain.Length - 1)]))
        {
            if (CheckAddress(address, knowledge, settings) is { } addressClass)
            {
                return Verdict.Deny($"'{host}' spells {address}, which DNS service '{domain}' answers with; {address} is in a blocked address class: {addressClass}",
                    AddressClassRule, Severity.High);
            }
        }

        return null;
    }

    /// <summary>The blocked class of an address the operator did not open, or null when it may be dialled.</summary>
    public static string? CheckAddress(IPAddress address, NetworkKnowledge knowledge, OperatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        ArgumentNullException.ThrowIfNull(settings);
        return knowledge.Addresses.Classify(address) is { } addressClass && !settings.IsOpened(address) ? addressClass : null;
    }

    /// <summary>The denial for a decision without <c>network.yaml</c>: nothing can be judged, so nothing is allowed.</summary>
    public static Verdict NoKnowledge() =>
        Verdict.Deny("no network guardrails are loaded, so no network action can be judged", Rules.DecisionError, Severity.High);
}
