using System.Globalization;
using System.Net;
using System.Text;
using CsCheck;
using ToolGate.Core.Tests.Corpus;

namespace ToolGate.Core.Tests.Network.Properties;

/// <summary>
/// CsCheck generators of network destinations built from interesting pieces: IPv4 addresses biased towards
/// special ranges in every spelling resolvers accept, IPv6 addresses (native special, and embedding an IPv4
/// address), loopback/metadata/pool names with case, trailing-dot and full-width disguises, mining schemes
/// and ports, wrapped in schemes, ports, paths, queries and fragments; and corpus rows under random edits.
/// Choices are generated ints, so a failure shrinks to the simplest spelling.
/// </summary>
internal static class DestinationGens
{
    // First octets (and some second) near the special ranges, plus a few public ones.
    private static readonly uint[] V4Prefixes =
    [
        0x00000000, 0x0A000000, 0x64400000, 0x64640000, 0x7F000000, 0xA9FE0000, 0xAC100000, 0xAC1F0000, 0xC0000000, 0xC0000200,
        0xC0586300, 0xC0A80000, 0xC6120000, 0xC6336400, 0xCB007100, 0xE0000000, 0xEF000000, 0xF0000000, 0xFF000000, 0xA83F8100,
        0x08000000, 0x01000000, 0xAC200000, 0x64800000, 0x5DB8D700,
    ];

    private static readonly int[] V4PrefixBits = [8, 8, 10, 24, 8, 16, 12, 16, 24, 24, 24, 16, 15, 24, 24, 4, 8, 4, 8, 24, 8, 8, 16, 10, 24];

    private static readonly string[] V6Prefixes =
    [
        "::", "::1", "fe80::", "fc00::", "fd00:ec2::", "ff02::", "2001::", "2001:db8::", "100::", "fec0::", "64:ff9b:1::", "3fff::",
        "5f00::", "2606:4700::", "2a00:1450::", "2001:4860::",
    ];

    // How many leading bytes of each prefix are kept; the rest is random.
    private static readonly int[] V6Keep = [16, 16, 2, 2, 6, 2, 4, 4, 8, 2, 6, 2, 2, 4, 4, 4];

    private static readonly string[] Schemes = ["http://", "https://", "ws://", "wss://", "HTTPS://", "hTTp://", ""];

    private static readonly string[] UserInfo = ["", "", "", "", "user@", "user:pass@", "registry.npmjs.org@", ":@"];

    private static readonly string[] PathPieces = ["a", "api", "..", ".", "%2e%2e", "%2E.", "%2f", "%252f", "x;y", "..;", "%C3%A9", "~", "%00", ""];

    private static readonly string[] Tails = ["", "", "?q=1", "?next=http://127.0.0.1/", "#frag", "#@registry.npmjs.org", "?a#b"];

    /// <summary>An IPv4 address near a special range, as a 32-bit value.</summary>
    public static Gen<uint> V4 { get; } = Gen.Select(Gen.Int[0, V4Prefixes.Length - 1], Gen.UInt, (i, random) =>
    {
        var hostMask = V4PrefixBits[i] == 0 ? uint.MaxValue : uint.MaxValue >> V4PrefixBits[i];
        return (V4Prefixes[i] & ~hostMask) | (random & hostMask);
    });

    /// <summary>An IPv4 address in one of the spellings resolvers accept.</summary>
    public static Gen<(string Host, IPAddress Address)> V4Host { get; } = Gen.Select(V4, Gen.Int[0, 1_000_000].Array[6], (value, choice) =>
        (SpellV4(value, choice), new IPAddress(BitConverter.GetBytes(value).Reverse().ToArray())));

    /// <summary>An IPv6 address, native special or embedding an IPv4 address, in brackets, in one of its spellings.</summary>
    public static Gen<(string Host, IPAddress Address)> V6Host { get; } = Gen.Select(
        Gen.Int[0, V6Prefixes.Length + 4], Gen.Byte.Array[16], V4, Gen.Int[0, 1_000_000].Array[3],
        (kind, random, v4, choice) =>
        {
            var bytes = BuildV6(kind, random, v4);
            var address = new IPAddress(bytes);
            return (SpellV6(address, bytes, kind >= V6Prefixes.Length, choice), address);
        });

    /// <summary>A loopback, metadata or pool name in disguise (case, trailing dot, full-width letters, ideographic dots).</summary>
    public static Gen<string> BlockedName { get; } = Gen.Select(
        Gen.Frequency(
            (2, Gen.OneOf(BlockedDestinationOracle.LoopbackAndMetadataNames)),
            (1, Gen.OneOf("", "a.", "x.y.").Select(p => p + "localhost")),
            (3, Gen.Select(Gen.OneOf("", "xmr.", "pool.", "eu1.", "a.b."), Gen.OneOf(BlockedDestinationOracle.PoolDomains), (p, d) => p + d))),
        Gen.Int[0, 1_000_000].Array[3],
        Disguise);

    /// <summary>A destination whose real host (or scheme, or CONNECT port) must always be denied.</summary>
    public static Gen<string> Blocked { get; } = Gen.Frequency(
        (4, Wrap(V4Host.Where(h => BlockedDestinationOracle.IsBlocked(h.Address)).Select(h => h.Host))),
        (3, Wrap(V6Host.Where(h => BlockedDestinationOracle.IsBlocked(h.Address)).Select(h => h.Host))),
        (3, Wrap(BlockedName)),
        (1, Gen.Select(Gen.OneOf(BlockedDestinationOracle.MiningSchemes), Gen.Int[0, 1_000_000], (s, c) => Mixed(s, c) + "://pool.example.net:3333")),
        (1, Gen.Select(Gen.OneOf("pool.example.net", "198.51.200.7", "[2606:4700::1]"), Gen.OneOf(BlockedDestinationOracle.PoolPorts), (h, p) => $"{h}:{p}")));

    /// <summary>Any destination: blocked, public addresses and names, corpus rows; each under zero to four random edits.</summary>
    public static Gen<string> Mutated { get; } = Gen.Select(
        Gen.Frequency(
            (2, Blocked),
            (2, Wrap(Gen.OneOf(V4Host, V6Host).Select(h => h.Host))),
            (1, Wrap(Gen.OneOf("registry.npmjs.org", "huggingface.co", "raw.githubusercontent.com", "example.com", "b\u00fccher.example"))),
            (2, Gen.OneOf([.. CorpusFile.Read("network.tsv").Select(r => r.Input)]))),
        Gen.Select(Gen.Int[0, Edit.Kinds - 1], Gen.Int[0, 4096], Gen.Int[0, 4096], (k, p, x) => new Edit(k, p, x)).Array[0, 4],
        (text, edits) => edits.Aggregate(text, (t, e) => e.Apply(t)));

    private static Gen<string> Wrap(Gen<string> host) => Gen.Select(host, Gen.Int[0, 1_000_000].Array[5], (h, c) =>
    {
        var scheme = Schemes[c[0] % Schemes.Length];
        var port = scheme.Length == 0 || c[1] % 3 == 0 ? ":" + (c[1] % 4 == 0 ? "443" : (1 + (c[1] % 65535)).ToString(CultureInfo.InvariantCulture)) : "";
        if (scheme.Length == 0)
        {
            return UserInfo[c[2] % UserInfo.Length] + h + port;
        }

        var path = string.Concat(Enumerable.Range(0, c[3] % 5).Select(i => "/" + PathPieces[(c[3] / (i + 1)) % PathPieces.Length]));
        return scheme + UserInfo[c[2] % UserInfo.Length] + h + port + path + Tails[c[4] % Tails.Length];
    });

    private static string SpellV4(uint value, int[] choice)
    {
        uint[] parts = (choice[0] % 5) switch
        {
            0 => [value >> 24, (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF],
            1 => [value >> 24, (value >> 16) & 0xFF, value & 0xFFFF],
            2 => [value >> 24, value & 0xFFFFFF],
            3 => [value],
            _ => [value >> 24, (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF],
        };
        var text = string.Join('.', parts.Select((p, i) => SpellNumber(p, choice[1 + (i % 4)])));
        return choice[5] % 7 == 0 ? text + "." : choice[5] % 11 == 0 ? FullWidth(text, choice[5]) : text;
    }

    private static string SpellNumber(uint value, int choice) => (choice % 6) switch
    {
        0 or 1 => value.ToString(CultureInfo.InvariantCulture),
        2 => "0x" + value.ToString(choice % 12 < 6 ? "x" : "X", CultureInfo.InvariantCulture),
        3 => "0X" + new string('0', choice % 4) + value.ToString("x", CultureInfo.InvariantCulture),
        4 => "0" + Convert.ToString(value, 8),
        _ => new string('0', 1 + (choice % 3)) + Convert.ToString(value, 8),
    };

    private static byte[] BuildV6(int kind, byte[] random, uint v4)
    {
        var bytes = (byte[])random.Clone();
        var v4Bytes = BitConverter.GetBytes(v4).Reverse().ToArray();
        if (kind < V6Prefixes.Length)
        {
            var prefix = IPAddress.Parse(V6Prefixes[kind]).GetAddressBytes();
            Array.Copy(prefix, bytes, V6Keep[kind]);
            return bytes;
        }

        // IPv4-mapped, IPv4-compatible, NAT64, 6to4, IPv4-translated: the v4 address at its offset.
        var (head, offset) = (kind - V6Prefixes.Length) switch
        {
            0 => ("::ffff:0:0", 12),
            1 => ("::", 12),
            2 => ("64:ff9b::", 12),
            3 => ("2002::", 2),
            _ => ("::ffff:0:0:0", 12),
        };
        var headBytes = IPAddress.Parse(head).GetAddressBytes();
        Array.Copy(headBytes, bytes, offset == 2 ? 2 : 12);
        Array.Copy(v4Bytes, 0, bytes, offset, 4);
        return bytes;
    }

    private static string SpellV6(IPAddress address, byte[] bytes, bool embeds, int[] choice)
    {
        var groups = Enumerable.Range(0, 8).Select(i => (bytes[2 * i] << 8) | bytes[(2 * i) + 1]).ToArray();
        var text = (choice[0] % 4) switch
        {
            0 => address.ToString(),
            1 => string.Join(':', groups.Select(g => g.ToString(choice[1] % 2 == 0 ? "x4" : "X", CultureInfo.InvariantCulture))),
            2 when embeds => string.Join(':', groups.Take(6).Select(g => g.ToString("x", CultureInfo.InvariantCulture))) + ":" + new IPAddress(bytes.AsSpan(12, 4)),
            _ => address.ToString().ToUpperInvariant(),
        };
        var zone = choice[2] % 5 == 0 ? "%25eth0" : choice[2] % 7 == 0 ? "%251" : "";
        return "[" + text + zone + "]";
    }

    private static string Disguise(string name, int[] choice)
    {
        var text = Mixed(name, choice[0]);
        text = choice[1] % 3 == 0 ? text + "." : text;
        text = choice[2] % 5 == 0 ? FullWidth(text, choice[2]) : text;
        return choice[2] % 7 == 0 ? text.Replace('.', '\u3002') : text;
    }

    private static string Mixed(string text, int choice) =>
        string.Concat(text.Select((c, i) => ((choice >> (i % 20)) & 1) == 1 ? char.ToUpperInvariant(c) : c));

    // Full-width forms (U+FF01..U+FF5E) map back to ASCII under IDNA, so they must reach the same decision.
    private static string FullWidth(string text, int choice)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            builder.Append(((choice >> (i % 16)) & 1) == 1 && c is > ' ' and < '\u007f' and not '.' ? (char)(c - 0x21 + 0xFF01) : c);
        }

        return builder.ToString();
    }

    /// <summary>One edit of a destination; <see cref="Position"/> and <see cref="Payload"/> are reduced modulo what they index.</summary>
    internal readonly record struct Edit(int Kind, int Position, int Payload)
    {
        public const int Kinds = 7;

        private const string Characters = ":/@.[]%?#\\;-_~0x9aZ \t\u3002\uff0e\u0130\u212a";

        private static readonly string[] Pieces = ["%2e", "%2f", "%25", "%40", "..", "@", "0x", "::", "[", "]", ":443", "xn--", "*."];

        public string Apply(string text)
        {
            var at = Position % (text.Length + 1);
            return Kind switch
            {
                0 => text.Insert(at, Characters[Payload % Characters.Length].ToString()),
                1 => at < text.Length ? text.Remove(at, 1) : text,
                2 => text.Insert(at, text.Substring(at, Math.Min(Payload % 8, text.Length - at))),
                3 => at < text.Length ? text[..at] + "%" + ((int)text[at] % 256).ToString("x2", CultureInfo.InvariantCulture) + text[(at + 1)..] : text,
                4 => at < text.Length ? text[..at] + char.ToUpperInvariant(text[at]) + text[(at + 1)..] : text,
                5 => text.Insert(at, Pieces[Payload % Pieces.Length]),
                _ => text[..at],
            };
        }
    }
}
