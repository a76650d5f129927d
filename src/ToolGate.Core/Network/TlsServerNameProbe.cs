using System.Buffers.Binary;
using System.Text;

namespace ToolGate.Core.Network;

/// <summary>
/// Reads the server name (SNI) a TLS client asks for in its ClientHello, the first bytes of a CONNECT tunnel to
/// an HTTPS server. The tunnel was granted for one host; a ClientHello naming another host on the same address
/// (a shared front end, a CDN) asks that address for a site nobody granted. Encrypted ClientHello hides the inner
/// name; only its public name is visible here.
/// </summary>
public static class TlsServerNameProbe
{
    private const byte HandshakeRecord = 0x16;
    private const byte ClientHello = 0x01;
    private const ushort ServerNameExtension = 0x0000;
    private const int RecordHeader = 5;

    /// <summary>What the first bytes say: not TLS, not yet complete, or a ClientHello and its server name (null if none).</summary>
    public static TlsProbeResult Inspect(ReadOnlySpan<byte> data, bool isFinal)
    {
        if (data.IsEmpty)
        {
            return isFinal ? TlsProbeResult.NotTls : TlsProbeResult.NeedMore;
        }

        if (data[0] != HandshakeRecord)
        {
            return TlsProbeResult.NotTls;
        }

        if (data.Length < RecordHeader)
        {
            return isFinal ? TlsProbeResult.Malformed : TlsProbeResult.NeedMore;
        }

        var recordLength = BinaryPrimitives.ReadUInt16BigEndian(data[3..]);
        if (data[1] != 0x03 || recordLength is 0 or > 16384 + 2048)
        {
            return TlsProbeResult.Malformed;
        }

        if (data.Length < RecordHeader + recordLength)
        {
            return isFinal ? TlsProbeResult.Malformed : TlsProbeResult.NeedMore;
        }

        return ReadClientHello(data.Slice(RecordHeader, recordLength));
    }

    private static TlsProbeResult ReadClientHello(ReadOnlySpan<byte> handshake)
    {
        // The ClientHello may continue in a second record; the server name is near the start of the
        // extensions, so one record almost always holds it. If it does not, the hello is judged malformed.
        var reader = new SpanReader(handshake);
        if (!reader.TryByte(out var type) || type != ClientHello || !reader.TryUInt24(out var length) || length > reader.Remaining)
        {
            return TlsProbeResult.Malformed;
        }

        if (!reader.TrySkip(2 + 32) // client_version, random
            || !reader.TrySkipVector8() // session_id
            || !reader.TrySkipVector16() // cipher_suites
            || !reader.TrySkipVector8()) // compression_methods
        {
            return TlsProbeResult.Malformed;
        }

        if (reader.Remaining == 0)
        {
            return TlsProbeResult.Hello(null); // no extensions at all
        }

        if (!reader.TryUInt16(out var extensionsLength) || extensionsLength > reader.Remaining)
        {
            return TlsProbeResult.Malformed;
        }

        var extensions = new SpanReader(reader.Take(extensionsLength));
        string? serverName = null;
        while (extensions.Remaining > 0)
        {
            if (!extensions.TryUInt16(out var extensionType) || !extensions.TryUInt16(out var extensionLength) || extensionLength > extensions.Remaining)
            {
                return TlsProbeResult.Malformed;
            }

            var body = extensions.Take(extensionLength);
            if (extensionType != ServerNameExtension)
            {
                continue;
            }

            if (serverName is not null || ReadServerName(body) is not { } name)
            {
                return TlsProbeResult.Malformed; // two SNI extensions, or one that cannot be read
            }

            serverName = name;
        }

        return TlsProbeResult.Hello(serverName);
    }

    private static string? ReadServerName(ReadOnlySpan<byte> extension)
    {
        var reader = new SpanReader(extension);
        if (!reader.TryUInt16(out var listLength) || listLength != reader.Remaining)
        {
            return null;
        }

        string? hostName = null;
        while (reader.Remaining > 0)
        {
            if (!reader.TryByte(out var nameType) || !reader.TryUInt16(out var nameLength) || nameLength == 0 || nameLength > reader.Remaining)
            {
                return null;
            }

            var name = reader.Take(nameLength);
            if (nameType == 0)
            {
                if (hostName is not null || name.IndexOfAnyExceptInRange((byte)'!', (byte)'~') >= 0)
                {
                    return null; // two host names, or bytes no host name has
                }

                hostName = Encoding.ASCII.GetString(name);
            }
        }

        return hostName;
    }

    private ref struct SpanReader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;

        public readonly int Remaining => _rest.Length;

        public bool TryByte(out byte value)
        {
            value = 0;
            if (_rest.IsEmpty)
            {
                return false;
            }

            value = _rest[0];
            _rest = _rest[1..];
            return true;
        }

        public bool TryUInt16(out ushort value)
        {
            value = 0;
            if (_rest.Length < 2)
            {
                return false;
            }

            value = BinaryPrimitives.ReadUInt16BigEndian(_rest);
            _rest = _rest[2..];
            return true;
        }

        public bool TryUInt24(out int value)
        {
            value = 0;
            if (_rest.Length < 3)
            {
                return false;
            }

            value = (_rest[0] << 16) | (_rest[1] << 8) | _rest[2];
            _rest = _rest[3..];
            return true;
        }

        public bool TrySkip(int count)
        {
            if (_rest.Length < count)
            {
                return false;
            }

            _rest = _rest[count..];
            return true;
        }

        public bool TrySkipVector8() => TryByte(out var length) && TrySkip(length);

        public bool TrySkipVector16() => TryUInt16(out var length) && TrySkip(length);

        /// <summary>The next <paramref name="count"/> bytes (the caller checked they are there).</summary>
        public ReadOnlySpan<byte> Take(int count)
        {
            var taken = _rest[..count];
            _rest = _rest[count..];
            return taken;
        }
    }
}

/// <summary>What <see cref="TlsServerNameProbe"/> made of a tunnel's first bytes.</summary>
public readonly record struct TlsProbeResult(TlsProbeOutcome Outcome, string? ServerName)
{
    public static readonly TlsProbeResult NeedMore = new(TlsProbeOutcome.NeedMore, null);

    public static readonly TlsProbeResult NotTls = new(TlsProbeOutcome.NotTls, null);

    public static readonly TlsProbeResult Malformed = new(TlsProbeOutcome.Malformed, null);

    public static TlsProbeResult Hello(string? serverName) => new(TlsProbeOutcome.ClientHello, serverName);
}

public enum TlsProbeOutcome
{
    NeedMore,
    NotTls,

    /// <summary>Starts like TLS but is not a ClientHello that can be read: refused, since a real client never sends it.</summary>
    Malformed,
    ClientHello,
}
