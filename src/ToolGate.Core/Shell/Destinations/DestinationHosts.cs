using System.Buffers;

namespace ToolGate.Core.Shell.Destinations;

/// <summary>
/// The host texts a destination word can mean, in every reading a client might take: a URL's authority ended at
/// <c>/?#</c> (curl) and also at <c>\</c> (WHATWG parsers), its user information cut at the last <c>@</c> and at the
/// first; an scp-style <c>[user@]host:path</c>; a bare <c>[user@]host[:port][/path]</c>. Ports and user information
/// are dropped; the host is not canonicalised here (<see cref="ShellNetworkGuardrails"/> does that).
/// </summary>
internal static class DestinationHosts
{
    private static readonly SearchValues<char> AuthorityEnd = SearchValues.Create("/?#");
    private static readonly SearchValues<char> LenientAuthorityEnd = SearchValues.Create("/?#\\");

    /// <summary>Adds to <paramref name="hosts"/> every host <paramref name="word"/> can name when read in <paramref name="forms"/>.</summary>
    public static void Read(string word, DestinationForms forms, List<string> hosts)
    {
        var separator = word.IndexOf("://", StringComparison.Ordinal);
        if (separator >= 0)
        {
            if ((forms & DestinationForms.Url) != 0)
            {
                var rest = word.AsSpan(separator + 3);
                AddAuthority(rest[..End(rest, AuthorityEnd)], hosts);
                AddAuthority(rest[..End(rest, LenientAuthorityEnd)], hosts);
            }

            return;
        }

        if ((forms & DestinationForms.Remote) != 0 && RemoteHost(word) is { IsEmpty: false } remote)
        {
            AddHost(remote, hosts);
            return;
        }

        if ((forms & DestinationForms.Host) != 0)
        {
            var span = word.AsSpan();
            AddAuthority(span[..End(span, AuthorityEnd)], hosts);
        }
    }

    private static int End(ReadOnlySpan<char> text, SearchValues<char> ends) => text.IndexOfAny(ends) is var end and >= 0 ? end : text.Length;

    // scp's rule: a colon before any slash makes host:path remote; host::module is rsync's daemon form.
    private static ReadOnlySpan<char> RemoteHost(string word)
    {
        var colon = word.StartsWith('[') || word.Contains("@[", StringComparison.Ordinal) ? word.IndexOf("]:", StringComparison.Ordinal) + 1 : word.IndexOf(':');
        if (colon <= 0)
        {
            return [];
        }

        var slash = word.IndexOf('/');
        if (slash >= 0 && slash < colon)
        {
            return [];
        }

        var host = word.AsSpan(0, colon);
        return host[(host.LastIndexOf('@') + 1)..];
    }

    private static void AddAuthority(ReadOnlySpan<char> authority, List<string> hosts)
    {
        var last = authority.LastIndexOf('@');
        AddHost(StripPort(authority[(last + 1)..]), hosts);

        var first = authority.IndexOf('@');
        if (first != last)
        {
            AddHost(StripPort(authority[(first + 1)..]), hosts);
        }
    }

    private static ReadOnlySpan<char> StripPort(ReadOnlySpan<char> hostAndPort)
    {
        if (hostAndPort.StartsWith('['))
        {
            var close = hostAndPort.IndexOf(']');
            return close < 0 ? hostAndPort : hostAndPort[..(close + 1)];
        }

        // Two colons or more: an IPv6 address written without brackets (ping6 ::1), kept whole.
        var colon = hostAndPort.IndexOf(':');
        if (colon < 0 || hostAndPort[(colon + 1)..].Contains(':'))
        {
            return hostAndPort;
        }

        // ":8080/x" is this machine to HTTPie; every other client refuses it, so reading it so costs nothing.
        return colon == 0 ? "localhost" : hostAndPort[..colon];
    }

    private static void AddHost(ReadOnlySpan<char> host, List<string> hosts)
    {
        if (host.IsEmpty)
        {
            return;
        }

        foreach (var known in hosts)
        {
            if (host.SequenceEqual(known))
            {
                return;
            }
        }

        hosts.Add(host.ToString());
    }
}
