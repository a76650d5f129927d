using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ToolGate.Core.Network;

/// <summary>
/// A network destination in canonical form: lower-case ASCII (punycode) host without a trailing dot, or
/// an IP address in every spelling resolvers accept; an explicit port; and, for URLs, the path normalised
/// (<see cref="UrlPath"/>). <see cref="Scheme"/> is null for a <c>host:port</c> authority (a CONNECT tunnel).
/// Anything ambiguous (user info, backslashes, percent-encoded host bytes, numeric-looking names that are
/// not addresses) is refused rather than interpreted.
/// </summary>
public sealed record NetworkTarget(string? Scheme, string Host, int Port, string Path, IPAddress? Address)
{
    public const int MaxLength = 2048;

    /// <summary>The longest DNS name (RFC 1035), in its ASCII form without the trailing dot.</summary>
    public const int MaxHostLength = 253;

    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = false, AllowUnassigned = false };

    // Whitespace, control characters and backslashes: every parser reads them differently, so none is accepted.
    private static readonly SearchValues<char> Refused = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\v\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f \u007f\\");

    private static readonly SearchValues<char> AuthorityEnd = SearchValues.Create("/?#");

    public bool IsAuthority => Scheme is null;

    /// <summary>The query (without '?'), kept as sent: it never changes where a request goes.</summary>
    public string? Query { get; init; }

    /// <summary>
    /// For an IPv4 host with zero-padded numbers (<c>0127.0.0.1</c>), the address parsers that read them as decimal
    /// connect to, where it differs from <see cref="Address"/> (their octal reading). See <see cref="IPv4DecimalReading"/>.
    /// </summary>
    public IPAddress? DecimalReading { get; init; }

    /// <summary>
    /// The canonical form to hand to a tool, so it connects where the decision looked: canonical host,
    /// explicit port, normalised path, no user info and no fragment; or <c>host:port</c>.
    /// </summary>
    public string ToCanonicalString() =>
        Scheme is null ? $"{Host}:{Port}" : $"{Scheme}://{Host}:{Port}{Path}{(Query is null ? string.Empty : "?" + Query)}";

    public static bool TryParse(string? text, out NetworkTarget target, out string error)
    {
        target = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty target";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"target longer than {MaxLength} characters";
            return false;
        }

        if (text.AsSpan().ContainsAny(Refused))
        {
            error = "target contains whitespace, a control character or a backslash";
            return false;
        }

        string? scheme = null;
        var rest = text.AsSpan();
        var separator = rest.IndexOf("://", StringComparison.Ordinal);
        if (separator >= 0)
        {
            scheme = KnownScheme(rest[..separator]);
            if (scheme is null)
            {
                error = $"scheme '{text[..separator].ToLowerInvariant()}' is not supported";
                return false;
            }

            rest = rest[(separator + 3)..];
        }

        var authorityEnd = rest.IndexOfAny(AuthorityEnd);
        if (scheme is null && authorityEnd >= 0)
        {
            error = "a target without a scheme must be a host:port authority";
            return false;
        }

        if (!TrySplitAuthority(authorityEnd < 0 ? rest : rest[..authorityEnd], out var hostText, out var port, out error))
        {
            return false;
        }

        if (port is null && scheme is null)
        {
            error = "a host:port authority needs a port";
            return false;
        }

        if (!TryCanonicalizeHost(hostText, out var host, out var address, out var decimalReading, out error))
        {
            return false;
        }

        var path = "/";
        string? query = null;
        if (scheme is not null && authorityEnd >= 0)
        {
            var pathAndMore = rest[authorityEnd..];
            var fragment = pathAndMore.IndexOf('#');
            pathAndMore = fragment < 0 ? pathAndMore : pathAndMore[..fragment];
            var queryStart = pathAndMore.IndexOf('?');
            path = UrlPath.Normalize(queryStart < 0 ? pathAndMore : pathAndMore[..queryStart]);
            query = queryStart < 0 ? null : pathAndMore[(queryStart + 1)..].ToString();
        }

        target = new NetworkTarget(scheme, host, port ?? DefaultPort(scheme!)!.Value, path, address) { Query = query, DecimalReading = decimalReading };
        return true;
    }

    public static int? DefaultPort(string scheme) => scheme switch
    {
        "http" or "ws" => 80,
        "https" or "wss" => 443,
        _ => null,
    };

    internal static bool TrySplitAuthority(ReadOnlySpan<char> authority, out ReadOnlySpan<char> host, out int? port, out string error)
    {
        host = [];
        port = null;
        if (authority.Contains('@'))
        {
            error = "user information in the authority (credentials or a host-confusion trick)";
            return false;
        }

        ReadOnlySpan<char> portText;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            if (close < 0)
            {
                error = "unterminated IPv6 literal";
                return false;
            }

            host = authority[..(close + 1)];
            portText = authority[(close + 1)..];
            if (portText.Length > 0 && portText[0] != ':')
            {
                error = "unexpected characters after the IPv6 literal";
                return false;
            }
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            if (colon >= 0 && authority.IndexOf(':') != colon)
            {
                error = "an IPv6 address must be written in brackets";
                return false;
            }

            host = colon < 0 ? authority : authority[..colon];
            portText = colon < 0 ? [] : authority[colon..];
        }

        if (portText.Length > 0)
        {
            var digits = portText[1..];
            if (digits.Length is 0 or > 5 || digits.ContainsAnyExceptInRange('0', '9')
                || int.Parse(digits, CultureInfo.InvariantCulture) is < 1 or > 65535)
            {
                error = $"invalid port '{digits}'";
                return false;
            }

            port = int.Parse(digits, CultureInfo.InvariantCulture);
        }

        if (host.IsEmpty)
        {
            error = "missing host";
            return false;
        }

        error = string.Empty;
        return true;
    }

    internal static bool TryCanonicalizeHost(ReadOnlySpan<char> hostText, out string host, out IPAddress? address, out string error) =>
        TryCanonicalizeHost(hostText, out host, out address, out _, out error);

    internal static bool TryCanonicalizeHost(
        ReadOnlySpan<char> hostText, out string host, out IPAddress? address, out IPAddress? decimalReading, out string error)
    {
        host = string.Empty;
        address = null;
        decimalReading = null;
        if (hostText.StartsWith('['))
        {
            return TryCanonicalizeIPv6(hostText, out host, out address, out error);
        }

        if (hostText.Contains('%'))
        {
            error = "percent-encoded bytes in the host";
            return false;
        }

        var name = hostText.EndsWith('.') ? hostText[..^1] : hostText;
        if (name.IsEmpty)
        {
            error = "missing host";
            return false;
        }

        // Map to ASCII first: fullwidth digits and ideographic dots spell an address after IDNA mapping.
        string? mapped = null;
        if (!Ascii.IsValid(name))
        {
            try
            {
                mapped = Idn.GetAscii(name.ToString()).TrimEnd('.');
                name = mapped;
            }
            catch (ArgumentException)
            {
                error = $"host '{hostText}' is not a valid domain name";
                return false;
            }
        }

        // As in the WHATWG URL standard: a host whose last label is numeric is an IPv4 address or nothing.
        var lastLabel = name[(name.LastIndexOf('.') + 1)..];
        if (lastLabel.Length > 0 && (!lastLabel.ContainsAnyExceptInRange('0', '9') || lastLabel.StartsWith("0x", StringComparison.OrdinalIgnoreCase)))
        {
            if (!IPAddress.TryParse(name, out address) || address.AddressFamily != AddressFamily.InterNetwork)
            {
                error = $"numeric host '{hostText}' is not a valid IPv4 address";
                return false;
            }

            host = address.ToString();
            decimalReading = IPv4DecimalReading.Of(name) is { } other && !other.Equals(address) ? other : null;
            error = string.Empty;
            return true;
        }

        if (name.Length > MaxHostLength || !IsDomainName(name))
        {
            error = $"host '{hostText}' is not a valid domain name";
            return false;
        }

        host = mapped is not null && !mapped.AsSpan().ContainsAnyInRange('A', 'Z') ? mapped : LowerCase(name);
        error = string.Empty;
        return true;
    }

    private static bool TryCanonicalizeIPv6(ReadOnlySpan<char> hostText, out string host, out IPAddress? address, out string error)
    {
        host = string.Empty;
        var literal = hostText[1..^1];
        var zone = literal.IndexOf("%25", StringComparison.Ordinal);
        var parsed = zone < 0
            ? IPAddress.TryParse(literal, out address)
            : IPAddress.TryParse(string.Concat(literal[..zone], "%", literal[(zone + 3)..]), out address);
        if (!parsed || address!.AddressFamily != AddressFamily.InterNetworkV6)
        {
            error = $"invalid IPv6 literal '{hostText}'";
            address = null;
            return false;
        }

        // The zone names an interface on the sender's machine; it never changes which address is meant.
        if (address.ScopeId != 0)
        {
            address = new IPAddress(address.GetAddressBytes());
        }

        host = "[" + address + "]";
        error = string.Empty;
        return true;
    }

    private static bool IsDomainName(ReadOnlySpan<char> name)
    {
        foreach (var range in name.Split('.'))
        {
            var label = name[range];
            if (label.Length is 0 or > 63)
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static string LowerCase(ReadOnlySpan<char> name) =>
        string.Create(name.Length, name, static (output, source) => source.ToLowerInvariant(output));

    private static string? KnownScheme(ReadOnlySpan<char> scheme) =>
        scheme.Equals("https", StringComparison.OrdinalIgnoreCase) ? "https"
        : scheme.Equals("http", StringComparison.OrdinalIgnoreCase) ? "http"
        : scheme.Equals("wss", StringComparison.OrdinalIgnoreCase) ? "wss"
        : scheme.Equals("ws", StringComparison.OrdinalIgnoreCase) ? "ws"
        : null;

    public override string ToString() =>
        Scheme is null ? $"{Host}:{Port}" : $"{Scheme}://{Host}:{Port}{Path}";
}
