using System.Buffers;
using System.Text;

namespace ToolGate.Core.Network;

/// <summary>
/// For deny patterns with a path: whether any server could read a path as the denied prefix or below it. The
/// opposite of <see cref="UrlPath.IsUnder"/>, which an allow must pass under every reading: a deny must hit under
/// any. The readings are the normalised path itself and the path as lenient servers see it: every escape decoded,
/// again for layered encodings (<c>%2561</c>), overlong UTF-8 read as its character (<c>%C0%AF</c> as '/'),
/// compatibility characters folded (NFKC), '\' as '/', <c>;parameters</c> dropped from every segment (servlet
/// containers), control characters dropped or the path cut at a NUL; compared ignoring case (IIS, ASP.NET routing).
/// </summary>
internal static class UrlPathReadings
{
    // Enough for the layered encodings servers decode (one per proxy hop); deeper layers stay literal '%' text.
    private const int DecodePasses = 3;

    // Characters every reading leaves as they are: no escape to decode, nothing to fold, no ';', '\' or control character.
    private static readonly SearchValues<char> Plain =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,=:@/");

    /// <param name="lenientPrefix"><see cref="Lenient"/> of <paramref name="prefix"/> (without cutting at NUL), computed once by the caller.</param>
    public static bool MayBeUnder(string path, string prefix, string lenientPrefix)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(lenientPrefix);
        if (StartsWithSegmentsIgnoringCase(path, prefix))
        {
            return true;
        }

        // The usual path (plain characters, no dot segment, no empty segment) reads the same in every lenient form: nothing to build.
        if (!path.AsSpan().ContainsAnyExcept(Plain) && !path.Contains("/.", StringComparison.Ordinal) && !path.Contains("//", StringComparison.Ordinal))
        {
            return StartsWithSegmentsIgnoringCase(path, lenientPrefix);
        }

        return StartsWithSegmentsIgnoringCase(Lenient(path, cutAtNul: false), lenientPrefix)
            || StartsWithSegmentsIgnoringCase(Lenient(path, cutAtNul: true), lenientPrefix);
    }

    internal static string Lenient(string path, bool cutAtNul)
    {
        // Lone surrogates become U+FFFD first, so folding never throws.
        var decoded = Fold(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(path)));
        for (var pass = 0; pass < DecodePasses && decoded.Contains('%', StringComparison.Ordinal); pass++)
        {
            decoded = Fold(Decode(decoded));
        }

        var nul = decoded.IndexOf('\0', StringComparison.Ordinal);
        if (cutAtNul && nul >= 0)
        {
            decoded = decoded[..nul];
        }

        var text = new StringBuilder(decoded.Length);
        foreach (var c in decoded)
        {
            if (!char.IsControl(c))
            {
                text.Append(c == '\\' ? '/' : c);
            }
        }

        // Drop ";parameters" from every segment, then resolve dots as a server would ('%' is literal by now).
        var segments = text.ToString().Split('/').Select(s => s.IndexOf(';', StringComparison.Ordinal) is var semicolon and >= 0 ? s[..semicolon] : s);
        return UrlPath.Normalize(string.Join('/', segments).Replace("%", "%25", StringComparison.Ordinal));
    }

    private static string Fold(string text) => text.Normalize(NormalizationForm.FormKC);

    // Percent escapes as bytes, read as UTF-8; overlong two- and three-byte forms are read as the character they
    // spell (old decoders did), other invalid bytes as U+FFFD.
    private static string Decode(string text)
    {
        var bytes = new List<byte>(text.Length);
        Span<byte> encoded = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && char.IsAsciiHexDigit(text[i + 1]) && char.IsAsciiHexDigit(text[i + 2]))
            {
                bytes.Add((byte)((HexValue(text[i + 1]) << 4) | HexValue(text[i + 2])));
                i += 2;
                continue;
            }

            // Valid UTF-16 here (Lenient replaced lone surrogates), so every rune decodes.
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed);
            bytes.AddRange(encoded[..rune.EncodeToUtf8(encoded)]);
            i += consumed - 1;
        }

        var output = new StringBuilder(bytes.Count);
        var start = 0;
        for (var i = 0; i < bytes.Count; i++)
        {
            if (Overlong(bytes, i, out var length) is not { } character)
            {
                continue;
            }

            output.Append(Encoding.UTF8.GetString(bytes.GetRange(start, i - start).ToArray())).Append(character);
            i += length - 1;
            start = i + 1;
        }

        return output.Append(Encoding.UTF8.GetString(bytes.GetRange(start, bytes.Count - start).ToArray())).ToString();
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static char? Overlong(List<byte> bytes, int i, out int length)
    {
        length = 0;
        static bool Continuation(byte b) => (b & 0xC0) == 0x80;
        if (bytes[i] is 0xC0 or 0xC1 && i + 1 < bytes.Count && Continuation(bytes[i + 1]))
        {
            length = 2;
            return (char)(((bytes[i] & 0x1F) << 6) | (bytes[i + 1] & 0x3F));
        }

        if (bytes[i] == 0xE0 && i + 2 < bytes.Count && bytes[i + 1] is >= 0x80 and <= 0x9F && Continuation(bytes[i + 2]))
        {
            length = 3;
            return (char)(((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F));
        }

        return null;
    }

    private static bool StartsWithSegmentsIgnoringCase(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
        && (path.Length == prefix.Length || path[prefix.Length] == '/' || prefix == "/" || prefix.EndsWith('/'));
}
