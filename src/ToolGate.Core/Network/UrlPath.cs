using System.Text;
using System.Text.Unicode;

namespace ToolGate.Core.Network;

/// <summary>
/// URL path canonicalisation for path-prefix grants (RFC 3986 §5.2.4 and §6.2.2): percent-encoded
/// unreserved characters are decoded (so <c>%2e</c> is a dot and <c>%61</c> is <c>a</c>), other escapes get
/// upper-case hex, empty segments collapse, and dot segments are removed, as a server would see them.
/// </summary>
internal static class UrlPath
{
    public static string Normalize(ReadOnlySpan<char> path)
    {
        if (path.Length <= 1)
        {
            return "/";
        }

        // Decoding never grows a segment except a stray '%' (3 characters for 1), so 3n + 1 always suffices.
        var buffer = path.Length <= 256 ? stackalloc char[(3 * path.Length) + 1] : new char[(3 * path.Length) + 1];
        var starts = path.Length <= 256 ? stackalloc int[(path.Length / 2) + 2] : new int[(path.Length / 2) + 2];
        int length = 0, depth = 0;
        while (!path.IsEmpty)
        {
            var end = path.IndexOf('/');
            var raw = end < 0 ? path : path[..end];
            path = end < 0 ? [] : path[(end + 1)..];
            if (raw.IsEmpty)
            {
                continue;
            }

            var start = length;
            buffer[length++] = '/';
            var written = Decode(raw, buffer[length..]);
            var segment = buffer.Slice(length, written);

            // Servlet containers drop ";parameters" before resolving dots: "..;x" climbs like "..".
            var parameters = segment.IndexOf(';');
            var name = parameters < 0 ? segment : segment[..parameters];
            if (name is ".")
            {
                length = start;
            }
            else if (name is "..")
            {
                length = depth > 0 ? starts[--depth] : 0;
            }
            else
            {
                starts[depth++] = start;
                length += written;
            }
        }

        return length == 0 ? "/" : new string(buffer[..length]);
    }

    /// <summary>
    /// Whether a normalised path is the prefix or below it, with nothing a server could decode differently: every
    /// '%' must start an escape <see cref="Normalize"/> would keep, and none of an encoded '/', '\', '%' or ';'.
    /// A '%' that does not (a layered encoding like <c>%252f</c> or <c>%%32%65</c>) never matches a prefix. Nor does
    /// an encoded control character (<c>..%00</c>: servers cut or drop it, and the dots climb), escapes that are not
    /// UTF-8 (the overlong <c>%C0%AE</c> that old decoders read as '.'), or a path whose compatibility characters
    /// fold (NFKC, as some frameworks do before resolving dots) into one that leaves the prefix: <c>．．</c>, <c>‥</c>.
    /// </summary>
    public static bool IsUnder(string path, string prefix)
    {
        if (!HasOnlyPlainEscapes(path, out var nonAscii) || !StartsWithSegments(path, prefix))
        {
            return false;
        }

        if (!nonAscii)
        {
            return true;
        }

        return Folded(path) is { } folded && !folded.Contains('\\', StringComparison.Ordinal)
            && Folded(prefix) is { } foldedPrefix && StartsWithSegments(Normalize(folded), Normalize(foldedPrefix));
    }

    private static bool StartsWithSegments(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.Ordinal) && (path.Length == prefix.Length || path[prefix.Length] == '/' || prefix == "/");

    // Every escape upper-case hex, kept by Normalize, not a separator, '%', ';' or control character; runs of escapes
    // above ASCII valid UTF-8. nonAscii: whether anything in the path is above ASCII, raw or escaped.
    private static bool HasOnlyPlainEscapes(string path, out bool nonAscii)
    {
        nonAscii = false;
        var capacity = (path.Length / 3) + 1;
        var run = capacity <= 512 ? stackalloc byte[capacity] : new byte[capacity];
        var runLength = 0;
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] != '%')
            {
                nonAscii |= path[i] > '~';
                if (runLength > 0 && !Utf8.IsValid(run[..runLength]))
                {
                    return false;
                }

                runLength = 0;
                continue;
            }

            if (i + 2 >= path.Length || !IsUpperHex(path[i + 1]) || !IsUpperHex(path[i + 2]))
            {
                return false;
            }

            var value = (char)((HexValue(path[i + 1]) << 4) | HexValue(path[i + 2]));
            if (IsUnreserved(value) || value is '/' or '\\' or '%' or ';' or < ' ' or '\u007f')
            {
                return false;
            }

            nonAscii |= value > '\u007f';
            run[runLength++] = (byte)value;
            i += 2;
        }

        return runLength == 0 || Utf8.IsValid(run[..runLength]);
    }

    // Escapes decoded as UTF-8 (HasOnlyPlainEscapes vouched for them), then compatibility characters folded (NFKC);
    // null when the text is not valid UTF-16 (a lone surrogate), which no server reads one way.
    private static string? Folded(string path)
    {
        var bytes = new List<byte>(path.Length);
        Span<byte> encoded = stackalloc byte[4];
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '%' && i + 2 < path.Length)
            {
                bytes.Add((byte)((HexValue(path[i + 1]) << 4) | HexValue(path[i + 2])));
                i += 2;
                continue;
            }

            if (Rune.DecodeFromUtf16(path.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return null;
            }

            bytes.AddRange(encoded[..rune.EncodeToUtf8(encoded)]);
            i += consumed - 1;
        }

        return Encoding.UTF8.GetString([.. bytes]).Normalize(NormalizationForm.FormKC);
    }

    private static int Decode(ReadOnlySpan<char> segment, Span<char> output)
    {
        var written = 0;
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (c == '%' && i + 2 < segment.Length && char.IsAsciiHexDigit(segment[i + 1]) && char.IsAsciiHexDigit(segment[i + 2]))
            {
                var value = (char)((HexValue(segment[i + 1]) << 4) | HexValue(segment[i + 2]));
                if (IsUnreserved(value))
                {
                    output[written++] = value;
                }
                else
                {
                    output[written++] = '%';
                    output[written++] = char.ToUpperInvariant(segment[i + 1]);
                    output[written++] = char.ToUpperInvariant(segment[i + 2]);
                }

                i += 2;
                continue;
            }

            if (c == '%')
            {
                // A '%' that starts no escape is escaped itself, so the output decodes to what the input did
                // and normalising it again changes nothing ("%%36" must not become the escape "%6").
                output[written++] = '%';
                output[written++] = '2';
                output[written++] = '5';
                continue;
            }

            output[written++] = c;
        }

        return written;
    }

    private static bool IsUpperHex(char c) => char.IsAsciiDigit(c) || c is >= 'A' and <= 'F';

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
