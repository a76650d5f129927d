using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ToolGate.Core.Network;

/// <summary>
/// The addresses a host name spells for an address-echo DNS service (<c>network.yaml</c> → <c>addressEchoDomains</c>),
/// which answers a name with the address written in it, in the forms those services read: four decimal numbers
/// joined by dots or dashes anywhere in the name (<c>10.0.0.1.nip.io</c>, <c>app-10-0-0-1.nip.io</c>, also two of
/// them for rebinding services: <c>make-1.2.3.4-rebind-127.0.0.1-rr.1u.ms</c>), eight hex digits
/// (<c>7f000001.nip.io</c>, <c>7f000001.c0a80001.rbndr.us</c>) and an IPv6 address with '-' for ':'
/// (<c>--1.sslip.io</c>, <c>www.fe80--1.sslip.io</c>). Every candidate is returned: one in a blocked class is enough.
/// </summary>
internal static class SpelledAddresses
{
    private const int IPv4Numbers = 4;
    private const int HexDigits = 8;

    /// <param name="labels">The labels in front of the service's domain (<c>app.10.0.0.1</c> of <c>app.10.0.0.1.nip.io</c>).</param>
    public static List<IPAddress> In(string labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var found = new List<IPAddress>();
        var words = labels.Split('.', '-');
        for (var i = 0; i + IPv4Numbers <= words.Length; i++)
        {
            if (words.Skip(i).Take(IPv4Numbers).All(IsByte))
            {
                found.Add(IPAddress.Parse(string.Join('.', words, i, IPv4Numbers)));
            }
        }

        foreach (var word in words)
        {
            if (word.Length == HexDigits && uint.TryParse(word, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                found.Add(new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]));
            }
        }

        foreach (var label in labels.Split('.'))
        {
            // Any '-'-separated suffix of the label may be the address: sslip.io allows a name in front of it.
            for (var start = 0; start >= 0 && start < label.Length; start = label.IndexOf('-', start) is var dash and >= 0 ? dash + 1 : -1)
            {
                var candidate = label[start..].Replace('-', ':');
                if (candidate.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(candidate, out var v6)
                    && v6.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    found.Add(v6);
                    break;
                }
            }
        }

        return found;
    }

    private static bool IsByte(string word) =>
        word.Length is > 0 and <= 3 && word.All(char.IsAsciiDigit) && int.Parse(word, CultureInfo.InvariantCulture) <= byte.MaxValue;
}
