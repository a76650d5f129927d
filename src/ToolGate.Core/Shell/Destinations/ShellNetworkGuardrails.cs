using ToolGate.Core.Decisions;
using ToolGate.Core.Network;
using ToolGate.Core.Policies;

namespace ToolGate.Core.Shell.Destinations;

/// <summary>
/// The network guardrails (<c>network.yaml</c>, <see cref="NetworkGuardrails"/>) applied to where a shell command
/// connects: every host its destination arguments can name (<see cref="DestinationHosts"/>) is judged as the target of
/// a network action would be (blocked address classes in every IPv4 and IPv6 spelling, loopback, metadata and
/// container-host names, address-echo DNS names, mining schemes and pool domains), with the operator's opened ranges
/// (<see cref="OperatorSettings.AllowedNetworks"/>). No shell grant overrides a hit. Names are not resolved: a public
/// name that resolves inward is the network capability's business, not the shell's. Built once per policy snapshot.
/// </summary>
public sealed class ShellNetworkGuardrails
{
    /// <summary>No <c>network.yaml</c> loaded: a command that names a destination cannot be judged, so it is denied.</summary>
    public static readonly ShellNetworkGuardrails Unavailable = new(null, OperatorSettings.Default);

    private const int MaxShownLength = 80;

    private readonly NetworkKnowledge? _knowledge;
    private readonly OperatorSettings _settings;

    public ShellNetworkGuardrails(NetworkKnowledge? knowledge, OperatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _knowledge = knowledge;
        _settings = settings;
    }

    /// <summary>The denial for <paramref name="word"/>, a destination of <paramref name="program"/>, or null when it may be dialled.</summary>
    internal Verdict? Check(string program, string word, DestinationForms forms)
    {
        var hosts = new List<string>(2);
        DestinationHosts.Read(word, forms, hosts);
        var scheme = MiningScheme(word);
        if (hosts.Count == 0 && scheme is null)
        {
            return null;
        }

        if (_knowledge is null)
        {
            return Verdict.Deny($"no network guardrails are loaded, so where '{program}' connects ('{Shown(word)}') cannot be judged",
                Rules.DecisionError, Severity.High);
        }

        if (scheme is not null && NetworkGuardrails.CheckScheme(scheme, _knowledge) is { } miner)
        {
            return Named(program, word, miner);
        }

        foreach (var host in hosts)
        {
            if (CheckHost(host) is { } denied)
            {
                return Named(program, word, denied);
            }
        }

        return null;
    }

    private Verdict? CheckHost(string host)
    {
        if (Check(host) is { } denied)
        {
            return denied;
        }

        // Percent-encoded host bytes: some clients decode them (and stop at a NUL), so the decoded name is judged too.
        if (host.Contains('%', StringComparison.Ordinal))
        {
            var decoded = Uri.UnescapeDataString(host);
            var control = decoded.AsSpan().IndexOfAnyInRange('\0', '\u001f');
            return Check(control >= 0 ? decoded[..control] : decoded);
        }

        return null;
    }

    private Verdict? Check(string host)
    {
        // A bracket that does not close a literal names nothing a client could dial.
        if (host.StartsWith('[') && (host.Length < 3 || !host.EndsWith(']')))
        {
            return null;
        }

        // An IPv6 address written without brackets (ping6 ::1, ssh fe80::1) is read as the literal it is.
        var text = host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? "[" + host + "]" : host;
        if (!NetworkTarget.TryCanonicalizeHost(text, out var canonical, out var address, out var decimalReading, out _))
        {
            return null; // not a host name or address (a file name, a remote command word): nothing to dial
        }

        // An https target, so that the CONNECT-only pool ports do not apply: a port here is a web or ssh port.
        var target = new NetworkTarget("https", canonical, 443, "/", address) { DecimalReading = decimalReading };
        return NetworkGuardrails.Check(target, _knowledge!, _settings);
    }

    // The scheme in front of "://" (git+https, stratum+tcp), from where a URL can start inside the word.
    private static string? MiningScheme(string word)
    {
        var separator = word.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
        {
            return null;
        }

        var start = separator;
        while (start > 0 && (char.IsAsciiLetterOrDigit(word[start - 1]) || word[start - 1] is '+' or '-' or '.'))
        {
            start--;
        }

        return word[start..];
    }

    private static Verdict Named(string program, string word, Verdict denied) =>
        denied with { Reason = $"'{program}' connects to '{Shown(word)}': {denied.Reason}" };

    private static string Shown(string word) => word.Length <= MaxShownLength ? word : word[..(MaxShownLength - 1)] + "…";
}
