using System.Globalization;
using System.Text;
using System.Net;
using System.Net.Sockets;

namespace ToolGate.Core.Network;

/// <summary>
/// A network destination in canonical form: lower-case ASCII (punycode) host without a trailing dot, or
/// an IP address in every spelling resolvers accept; an explicit port; and, for URLs, the path with dot
/// segments removed. <see cref="Scheme"/> is null for a <c>host:port</c> authority (a CONNECT tunnel).
/// Anything ambiguous (user info, backslashes, percent-encoded host bytes, numeric-looking names that are
/// not addresses) is refused rather than interpreted.
/// </summary>
public sealed record NetworkTarget(string? Scheme, string Host, int Port, string Path, IPAddress? Address)
{
    public const int MaxLength = 2048;

    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = false, AllowUnassigned = false };

    public bool IsAuthority => Scheme is null;

    /// <summary>The query (without '?'), kept as sent: it never changes where a request goes.</summary>
    public string? Query { get; init; }

    /// <summary>
    /// The canonical form to hand to a tool, so it connects where the decision looked: canonical host,
    /// explicit port, dot segments removed, no user info and no fragment; or <c>host:port</c>.
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

        foreach (var c in text)
        {
            if (c <= ' ' || c == '\x7f' || c == '\\')
            {
                error = "target contains whitespace, a control character or a backslash";
                return false;
            }
        }

        string? scheme = null;
        var rest = text;
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator >= 0)
        {
            scheme = text[..separator].ToLowerInvariant();
            if (DefaultPort(scheme) is null)
            {
                error = $"scheme '{scheme}' is not supported";
                return false;
            }

            rest = text[(separator + 3)..];
        }

        var authorityEnd = rest.IndexOfAny(['/', '?', '#']);
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        if (scheme is null && authorityEnd >= 0)
        {
            error = "a target without a scheme must be a host:port authority";
            return false;
        }

        if (!TrySplitAuthority(authority, out var hostText, out var port, out error))
        {
            return false;
        }

        if (port is null && scheme is null)
        {
            error = "a host:port authority needs a port";
            return false;
        }

        if (!TryCanonicalizeHost(hostText, out var host, out var address, out error))
        {
            return false;
        }

        var path = "/";
        string? query = null;
        if (scheme is not null && authorityEnd >= 0)
        {
            var pathAndMore = rest[authorityEnd..];
            var fragment = pathAndMore.IndexOf('#', StringComparison.Ordinal);
            pathAndMore = fragment < 0 ? pathAndMore : pathAndMore[..fragment];
            var queryStart = pathAndMore.IndexOf('?', StringComparison.Ordinal);
            path = NormalizePath(queryStart < 0 ? pathAndMore : pathAndMore[..queryStart]);
            query = queryStart < 0 ? null : pathAndMore[(queryStart + 1)..];
        }

        target = new NetworkTarget(scheme, host, port ?? DefaultPort(scheme!)!.Value, path, address) { Query = query };
        return true;
    }

    public static int? DefaultPort(string scheme) => scheme switch
    {
        "http" or "ws" => 80,
        "https" or "wss" => 443,
        _ => null,
    };

    internal static bool TrySplitAuthority(string authority, out string host, out int? port, out string error)
    {
        host = string.Empty;
        port = null;
        if (authority.Contains('@', StringComparison.Ordinal))
        {
            error = "user information in the authority (credentials or a host-confusion trick)";
            return false;
        }

        string portText;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
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
            if (colon >= 0 && authority.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                error = "an IPv6 address must be written in brackets";
                return false;
            }

            host = colon < 0 ? authority : authority[..colon];
            portText = colon < 0 ? string.Empty : authority[colon..];
        }

        if (portText.Length > 0)
        {
            var digits = portText[1..];
            if (digits.Length is 0 or > 5 || !digits.All(char.IsAsciiDigit) || int.Parse(digits, CultureInfo.InvariantCulture) is < 1 or > 65535)
            {
                error = $"invalid port '{digits}'";
                return false;
            }

            port = int.Parse(digits, CultureInfo.InvariantCulture);
        }

        if (host.Length == 0)
        {
            error = "missing host";
            return false;
        }

        error = string.Empty;
        return true;
    }

    internal static bool TryCanonicalizeHost(string hostText, out string host, out IPAddress? address, out string error)
    {
        host = string.Empty;
        address = null;
        if (hostText.StartsWith('['))
        {
            var literal = hostText[1..^1].Replace("%25", "%", StringComparison.Ordinal);
            if (!IPAddress.TryParse(literal, out address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"invalid IPv6 literal '{hostText}'";
                return false;
            }

            host = "[" + new IPAddress(address.GetAddressBytes()) + "]";
            error = string.Empty;
            return true;
        }

        if (hostText.Contains('%', StringComparison.Ordinal))
        {
            error = "percent-encoded bytes in the host";
            return false;
        }

        var name = hostText.EndsWith('.') ? hostText[..^1] : hostText;
        if (name.Length == 0)
        {
            error = "missing host";
            return false;
        }

        // Map to ASCII first: fullwidth digits and ideographic dots spell an address after IDNA mapping.
        if (!Ascii.IsValid(name))
        {
            try
            {
                name = Idn.GetAscii(name).TrimEnd('.');
            }
            catch (ArgumentException)
            {
                error = $"host '{hostText}' is not a valid domain name";
                return false;
            }
        }

        // As in the WHATWG URL standard: a host whose last label is numeric is an IPv4 address or nothing.
        var lastLabel = name[(name.LastIndexOf('.') + 1)..];
        if (lastLabel.Length > 0 && (lastLabel.All(char.IsAsciiDigit) || lastLabel.StartsWith("0x", StringComparison.OrdinalIgnoreCase)))
        {
            if (!IPAddress.TryParse(name, out address) || address.AddressFamily != AddressFamily.InterNetwork)
            {
                error = $"numeric host '{hostText}' is not a valid IPv4 address";
                return false;
            }

            host = address.ToString();
            error = string.Empty;
            return true;
        }

        try
        {
            host = (Ascii.IsValid(name) ? name : Idn.GetAscii(name)).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            error = $"host '{hostText}' is not a valid domain name";
            return false;
        }

        foreach (var label in host.Split('.'))
        {
            if (label.Length is 0 or > 63 || !label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                error = $"host '{hostText}' is not a valid domain name";
                return false;
            }
        }

        error = string.Empty;
        return true;
    }

    /// <summary>Removes dot segments, as a server would, so a path-prefix grant compares real locations.</summary>
    internal static string NormalizePath(string path)
    {
        if (path.Length == 0)
        {
            return "/";
        }

        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            // Servers decode %2e as '.', so encoded dot segments climb like plain ones.
            switch (segment.Replace("%2e", ".", StringComparison.OrdinalIgnoreCase))
            {
                case "" or ".":
                    continue;
                case "..":
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }

                    continue;
                default:
                    segments.Add(segment);
                    break;
            }
        }

        return "/" + string.Join('/', segments);
    }

    public override string ToString() =>
        Scheme is null ? $"{Host}:{Port}" : $"{Scheme}://{Host}:{Port}{Path}";
}
