namespace ToolGate.Core.Network;

/// <summary>
/// A destination a network grant names:
/// <c>https://host[:port][/path-prefix]</c> (scheme must match; a CONNECT to the same host and port matches
/// only when there is no path prefix), <c>host:port</c> (any scheme on that port, and CONNECT),
/// <c>[scheme://]*.domain[:port]</c> (subdomains only, on a dot boundary; without a port, any port) and
/// <c>*</c> / <c>*:port</c> (any public host: address-class guardrails still apply).
/// </summary>
public sealed class NetworkPattern
{
    private NetworkPattern(string text, string? scheme, string? host, string? domainSuffix, int? port, string? pathPrefix)
    {
        Text = text;
        Scheme = scheme;
        Host = host;
        DomainSuffix = domainSuffix;
        Port = port;
        PathPrefix = pathPrefix;
        AllowReason = $"target matches '{text}'";
        DenyReason = $"target matches deny pattern '{text}'";
        WithoutPath = pathPrefix is null ? this : new NetworkPattern(text, scheme, host, domainSuffix, port, null);
        _lenientPrefix = pathPrefix is null ? null : UrlPathReadings.Lenient(pathPrefix, cutAtNul: false);
    }

    // The same pattern with no path prefix: what a tunnel to the host and port can reach.
    // The prefix as a lenient server reads it: computed once, not on every deny check.
    private readonly string? _lenientPrefix;

    private NetworkPattern WithoutPath { get; }

    /// <summary>Why a target <see cref="MayMatch"/> this deny pattern: a tunnel is named as one.</summary>
    internal string DenyReasonFor(NetworkTarget target) => PathPrefix is not null && target.IsAuthority
        ? $"a tunnel to {target} could reach what deny pattern '{Text}' names"
        : DenyReason;

    public string Text { get; }

    public string? Scheme { get; }

    /// <summary>The exact host, or null for a wildcard pattern.</summary>
    public string? Host { get; }

    /// <summary>For <c>*.domain</c>: <c>.domain</c>. Null for exact hosts and for any-host patterns.</summary>
    public string? DomainSuffix { get; }

    public int? Port { get; }

    public string? PathPrefix { get; }

    // Built once: a decision names its pattern without formatting a string per request.
    internal string AllowReason { get; }

    internal string DenyReason { get; }

    public static bool TryParse(string text, out NetworkPattern pattern, out string error)
    {
        pattern = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty pattern";
            return false;
        }

        string? scheme = null;
        var rest = text;
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator >= 0)
        {
            scheme = text[..separator].ToLowerInvariant();
            rest = text[(separator + 3)..];
        }

        if (!rest.StartsWith('*'))
        {
            if (!NetworkTarget.TryParse(text, out var target, out error))
            {
                return false;
            }

            var prefix = target.Path == "/" ? null : target.Path;
            pattern = new NetworkPattern(text, target.Scheme, target.Host, null, target.Port, prefix);
            return true;
        }

        if (scheme is not null && NetworkTarget.DefaultPort(scheme) is null)
        {
            error = $"scheme '{scheme}' is not supported";
            return false;
        }

        if (rest.IndexOfAny(['/', '?', '#']) >= 0)
        {
            error = "a wildcard pattern takes no path";
            return false;
        }

        if (!NetworkTarget.TrySplitAuthority(rest, out var hostText, out var port, out error))
        {
            return false;
        }

        port ??= scheme is null ? null : NetworkTarget.DefaultPort(scheme);
        if (hostText is "*")
        {
            pattern = new NetworkPattern(text, scheme, null, null, port, null);
            return true;
        }

        if (!hostText.StartsWith("*.", StringComparison.Ordinal) || hostText[1..].Contains('*'))
        {
            error = "a wildcard must be '*' or a leading '*.' label";
            return false;
        }

        if (!NetworkTarget.TryCanonicalizeHost(hostText[2..], out var domain, out var address, out error))
        {
            return false;
        }

        if (address is not null)
        {
            error = "a wildcard pattern needs a domain name, not an address";
            return false;
        }

        pattern = new NetworkPattern(text, scheme, null, "." + domain, port, null);
        return true;
    }

    public bool Matches(NetworkTarget target)
    {
        if (Scheme is not null && target.Scheme is not null && Scheme != target.Scheme)
        {
            return false;
        }

        if (Port is not null && Port != target.Port)
        {
            return false;
        }

        if (Host is not null && Host != target.Host)
        {
            return false;
        }

        if (DomainSuffix is not null && (target.Address is not null || !target.Host.EndsWith(DomainSuffix, StringComparison.Ordinal)))
        {
            return false;
        }

        return PathPrefix is null || (!target.IsAuthority && UrlPath.IsUnder(target.Path, PathPrefix));
    }

    /// <summary>
    /// Whether a target could reach what this pattern names, for deny patterns: as <see cref="Matches"/>, but a path
    /// prefix is hit by any path a server might read as under it (<see cref="UrlPathReadings"/>), and by a CONNECT
    /// tunnel to the host and port, which can carry a request for any path.
    /// </summary>
    public bool MayMatch(NetworkTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return PathPrefix is null
            ? Matches(target)
            : WithoutPath.Matches(target) && (target.IsAuthority || UrlPathReadings.MayBeUnder(target.Path, PathPrefix, _lenientPrefix!));
    }


    public override string ToString() => Text;
}
