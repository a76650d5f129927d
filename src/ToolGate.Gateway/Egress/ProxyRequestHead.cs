using System.Buffers;
using System.Text;

namespace ToolGate.Gateway.Egress;

/// <summary>
/// The request line and headers of one HTTP/1.1 proxy request, parsed strictly: one space between the parts,
/// CRLF line ends, no folded or whitespace-prefixed header lines, no space before a header's colon, printable
/// ASCII only. Anything looser is a place where the proxy and the destination could read a request differently.
/// </summary>
internal sealed record ProxyRequestHead(string Method, string Target, string Version, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    private static ReadOnlySpan<byte> EndOfHead => "\r\n\r\n"u8;

    public bool IsConnect => Method == "CONNECT";

    /// <summary>The value of the one header of this name; null when absent, and an error when it is repeated.</summary>
    public string? Header(string name, out bool repeated)
    {
        string? value = null;
        repeated = false;
        foreach (var (key, v) in Headers)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                repeated = value is not null;
                value = v;
            }
        }

        return value;
    }

    /// <summary>
    /// Parses a complete head from the start of <paramref name="buffer"/>. <see cref="HeadParse.NeedMore"/> when the
    /// blank line has not arrived yet (and the limit is not reached); <paramref name="end"/> is where the body starts.
    /// </summary>
    public static HeadParse TryParse(ReadOnlySequence<byte> buffer, int maxBytes, out ProxyRequestHead? head, out SequencePosition end, out string error)
    {
        head = null;
        error = string.Empty;
        end = buffer.Start;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> headBytes, EndOfHead, advancePastDelimiter: true))
        {
            if (buffer.Length > maxBytes)
            {
                error = $"the request head is larger than {maxBytes} bytes";
                return HeadParse.TooLarge;
            }

            return HeadParse.NeedMore;
        }

        if (headBytes.Length + EndOfHead.Length > maxBytes)
        {
            error = $"the request head is larger than {maxBytes} bytes";
            return HeadParse.TooLarge;
        }

        end = reader.Position;
        var text = Encoding.ASCII.GetString(headBytes);
        foreach (var c in text)
        {
            if (c is (< ' ' and not '\r' and not '\n' and not '\t') or > '~')
            {
                error = "the request head contains a control or non-ASCII character";
                return HeadParse.Invalid;
            }
        }

        var lines = text.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine.Any(part => part.Length == 0 || part.Contains('\t', StringComparison.Ordinal)))
        {
            error = "the request line must be: METHOD SP target SP HTTP/1.x";
            return HeadParse.Invalid;
        }

        if (requestLine[2] is not ("HTTP/1.1" or "HTTP/1.0"))
        {
            error = $"unsupported protocol version '{requestLine[2]}'";
            return HeadParse.Invalid;
        }

        var headers = new List<KeyValuePair<string, string>>(lines.Length - 1);
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (line.Contains('\n', StringComparison.Ordinal) || line.Contains('\r', StringComparison.Ordinal)
                || colon <= 0 || line[0] is ' ' or '\t' || line[colon - 1] is ' ' or '\t')
            {
                error = "a header line is malformed (bare CR/LF, folded, or whitespace before the colon)";
                return HeadParse.Invalid;
            }

            headers.Add(new(line[..colon], line[(colon + 1)..].Trim(' ', '\t')));
        }

        head = new ProxyRequestHead(requestLine[0], requestLine[1], requestLine[2], headers);
        return HeadParse.Complete;
    }
}

internal enum HeadParse
{
    NeedMore,
    Complete,
    Invalid,
    TooLarge,
}
