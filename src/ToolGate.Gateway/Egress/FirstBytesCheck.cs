using ToolGate.Core.Decisions;
using ToolGate.Core.Network;

namespace ToolGate.Gateway.Egress;

/// <summary>
/// What a CONNECT tunnel's first bytes must pass before any of them is sent on: a TLS ClientHello must name the
/// granted host (or another host the agent may reach), and plain JSON-RPC must not be a Stratum mining call.
/// </summary>
internal sealed class FirstBytesCheck(Func<string, Verdict?> checkServerName)
{
    public const string MalformedTlsRule = "network.tls-malformed";

    /// <summary>Pending while more bytes are needed; cleared (no end) to go on; otherwise why the tunnel ends.</summary>
    public FirstBytes Inspect(ReadOnlySpan<byte> first, bool isFinal)
    {
        var tls = TlsServerNameProbe.Inspect(first, isFinal);
        switch (tls.Outcome)
        {
            case TlsProbeOutcome.NeedMore:
                return FirstBytes.Pending;
            case TlsProbeOutcome.Malformed:
                return new(false, RelayEnd.Refused("the tunnel began like TLS but without a readable ClientHello in its first record", MalformedTlsRule, Severity.High));
            case TlsProbeOutcome.ClientHello:
                return tls.ServerName is { } name && checkServerName(name) is { } denial
                    ? new(false, RelayEnd.Refused(denial.Reason, denial.Rule, denial.Severity))
                    : FirstBytes.Cleared;
        }

        var stratum = StratumProbe.Inspect(first, isFinal);
        return stratum.Outcome switch
        {
            StratumProbeOutcome.NeedMore => FirstBytes.Pending,
            StratumProbeOutcome.Stratum => new(false, RelayEnd.Stratum(stratum.Method!)),
            _ => FirstBytes.Cleared,
        };
    }
}

/// <summary>The check's answer: wait for more bytes, go on, or end the tunnel with <see cref="End"/>.</summary>
internal readonly record struct FirstBytes(bool IsPending, RelayEnd? End)
{
    public static readonly FirstBytes Pending = new(true, null);

    public static readonly FirstBytes Cleared = new(false, null);
}
