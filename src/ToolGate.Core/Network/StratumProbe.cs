using System.Text.Json;

namespace ToolGate.Core.Network;

/// <summary>
/// Recognises the Stratum mining protocol in the first bytes a client sends on a raw tunnel: line-delimited
/// JSON-RPC whose first call is a mining method (<c>mining.subscribe</c>, <c>mining.authorize</c>, XMRig's
/// <c>login</c>, <c>eth_submitLogin</c>, …). A pool reached on an ordinary port through a granted host is
/// still a miner; TLS-wrapped Stratum is opaque here and left to the pool-host guardrail.
/// </summary>
public static class StratumProbe
{
    /// <summary>How far into the tunnel the probe looks for the first call's method.</summary>
    public const int MaxProbeBytes = 16 * 1024;

    private static ReadOnlySpan<byte> MethodName => "method"u8;

    /// <summary>The verdict on the first bytes so far; <see cref="StratumProbeResult.NeedMore"/> until it can tell.</summary>
    public static StratumProbeResult Inspect(ReadOnlySpan<byte> firstBytes, bool isFinal)
    {
        var start = 0;
        while (start < firstBytes.Length && firstBytes[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        if (start == firstBytes.Length)
        {
            return isFinal || firstBytes.Length >= MaxProbeBytes ? StratumProbeResult.Clean : StratumProbeResult.NeedMore;
        }

        if (firstBytes[start] != (byte)'{')
        {
            // TLS (0x16), HTTP, SSH banners, anything else: not JSON-RPC.
            return StratumProbeResult.Clean;
        }

        var window = firstBytes[start..Math.Min(firstBytes.Length, MaxProbeBytes)];
        var complete = isFinal || firstBytes.Length >= MaxProbeBytes;
        return FindMethod(window, complete) switch
        {
            { } method when IsMiningMethod(method) => StratumProbeResult.Stratum(method),
            { } => StratumProbeResult.Clean,
            null when complete => StratumProbeResult.Clean,
            null => StratumProbeResult.NeedMore,
        };
    }

    /// <summary>Mining calls of the Stratum dialects in use (v1, NiceHash/Ethereum, XMRig/CryptoNote).</summary>
    public static bool IsMiningMethod(string method) =>
        method.StartsWith("mining.", StringComparison.OrdinalIgnoreCase)
        || method.StartsWith("eth_submit", StringComparison.OrdinalIgnoreCase)
        || method.Equals("eth_getWork", StringComparison.OrdinalIgnoreCase)
        || method.Equals("login", StringComparison.OrdinalIgnoreCase)
        || method.Equals("getjob", StringComparison.OrdinalIgnoreCase)
        || method.Equals("submit", StringComparison.OrdinalIgnoreCase)
        || method.Equals("keepalived", StringComparison.OrdinalIgnoreCase);

    /// <summary>The top-level <c>method</c> string of the first JSON object, or null if not (yet) seen.</summary>
    private static string? FindMethod(ReadOnlySpan<byte> json, bool isFinal)
    {
        var reader = new Utf8JsonReader(json, isFinal, default);
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0 && reader.TokenType == JsonTokenType.EndObject)
                {
                    return string.Empty;
                }

                if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(MethodName))
                {
                    if (!reader.Read())
                    {
                        return null;
                    }

                    return reader.TokenType == JsonTokenType.String ? reader.GetString() ?? string.Empty : string.Empty;
                }

                if (reader.CurrentDepth == 1 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
                {
                    return null;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON after all (or not valid so far): a miner's first line is valid JSON.
            return string.Empty;
        }

        return null;
    }
}

/// <summary>What <see cref="StratumProbe"/> made of a tunnel's first bytes.</summary>
public readonly record struct StratumProbeResult(StratumProbeOutcome Outcome, string? Method)
{
    public static readonly StratumProbeResult NeedMore = new(StratumProbeOutcome.NeedMore, null);

    public static readonly StratumProbeResult Clean = new(StratumProbeOutcome.Clean, null);

    public static StratumProbeResult Stratum(string method) => new(StratumProbeOutcome.Stratum, method);
}

public enum StratumProbeOutcome
{
    NeedMore,
    Clean,
    Stratum,
}
