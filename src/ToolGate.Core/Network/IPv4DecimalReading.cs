using System.Globalization;
using System.Net;

namespace ToolGate.Core.Network;

/// <summary>
/// The second reading of an IPv4 host written with zero-padded numbers. <c>0127.0.0.1</c> is 87.0.0.1 to inet_aton
/// and the WHATWG URL standard (a leading zero means octal), but 127.0.0.1 to parsers that read every number as
/// decimal: Java's <c>InetAddress</c>, and Go before 1.17, Rust before 1.55, Python's <c>ipaddress</c> before 3.9.5
/// and npm's <c>netmask</c> (each a CVE). A tool handed the text may connect to either, so both readings are judged.
/// </summary>
internal static class IPv4DecimalReading
{
    private const int MaxParts = 4;

    /// <summary>
    /// The address when the numbers of <paramref name="host"/> (an IPv4 host in any form) are read as decimal, hex
    /// ones still as hex; null when no number is zero-padded or that reading is not an address.
    /// </summary>
    public static IPAddress? Of(ReadOnlySpan<char> host)
    {
        Span<Range> parts = stackalloc Range[MaxParts + 1];
        var count = host.Split(parts, '.');
        if (count is 0 or > MaxParts)
        {
            return null;
        }

        Span<ulong> values = stackalloc ulong[MaxParts];
        var padded = false;
        for (var i = 0; i < count; i++)
        {
            var part = host[parts[i]];
            var hex = part.Length > 1 && part[0] == '0' && part[1] is 'x' or 'X';
            padded |= !hex && part.Length > 1 && part[0] == '0';
            if (!ulong.TryParse(hex ? part[2..] : part, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out values[i]))
            {
                return null;
            }
        }

        if (!padded)
        {
            return null;
        }

        // inet_aton's shape: every number but the last is one byte, the last fills the bytes that remain.
        ulong value = 0;
        for (var i = 0; i < count - 1; i++)
        {
            if (values[i] > byte.MaxValue)
            {
                return null;
            }

            value = (value << 8) | values[i];
        }

        var lastBits = 8 * (MaxParts + 1 - count);
        if (values[count - 1] >> lastBits != 0)
        {
            return null;
        }

        value = (value << lastBits) | values[count - 1];
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }
}
