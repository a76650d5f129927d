using System.Buffers;

namespace ToolGate.Gateway.Egress;

/// <summary>
/// Finds where one chunked request body ends, so the egress proxy forwards exactly that request and nothing after it
/// (bytes past the body would be a second request the gateway never decided: request smuggling). Strict: CRLF only,
/// at most 16 hex digits of size, no bare LF, bounded extension and trailer lines; anything else ends the relay.
/// </summary>
internal sealed class ChunkedBodyFramer
{
    /// <summary>Longest chunk-size line (size, extensions) or trailer line accepted.</summary>
    public const int MaxLineBytes = 4 * 1024;

    private State _state = State.SizeLine;
    private long _chunkLeft;
    private int _lineLength;
    private int _sizeDigits;
    private bool _inExtension;
    private bool _sawCr;

    private enum State
    {
        SizeLine,
        Data,
        DataCr,
        DataLf,
        TrailerLine,
        Done,
    }

    public bool IsComplete => _state == State.Done;

    /// <summary>Why the body was refused, once it was.</summary>
    public string? Error { get; private set; }

    /// <summary>How many bytes of <paramref name="buffer"/> belong to the body (all of them until it ends); -1 when malformed.</summary>
    public long Consume(ReadOnlySequence<byte> buffer)
    {
        long taken = 0;
        foreach (var segment in buffer)
        {
            var span = segment.Span;
            var i = 0;
            while (i < span.Length && _state != State.Done)
            {
                if (_state == State.Data)
                {
                    var run = (int)Math.Min(_chunkLeft, span.Length - i);
                    i += run;
                    _chunkLeft -= run;
                    if (_chunkLeft == 0)
                    {
                        _state = State.DataCr;
                    }

                    continue;
                }

                if (!Step(span[i]))
                {
                    return -1;
                }

                i++;
            }

            taken += i;
            if (_state == State.Done)
            {
                break;
            }
        }

        return taken;
    }

    private bool Step(byte b)
    {
        switch (_state)
        {
            case State.DataCr:
                _state = State.DataLf;
                return b == (byte)'\r' || Fail("a chunk's data must end with CRLF");
            case State.DataLf:
                _state = State.SizeLine;
                ResetLine();
                return b == (byte)'\n' || Fail("a chunk's data must end with CRLF");
            case State.SizeLine:
                return SizeLine(b);
            case State.TrailerLine:
                return TrailerLine(b);
            default:
                return Fail("bytes after the end of the body");
        }
    }

    private bool SizeLine(byte b)
    {
        if (++_lineLength > MaxLineBytes)
        {
            return Fail("a chunk-size line is too long");
        }

        if (_sawCr)
        {
            if (b != (byte)'\n' || _sizeDigits == 0)
            {
                return Fail("a chunk-size line must be hex digits ending with CRLF");
            }

            var size = _chunkLeft;
            ResetLine();
            if (size == 0)
            {
                _state = State.TrailerLine;
                return true;
            }

            _chunkLeft = size;
            _state = State.Data;
            return true;
        }

        if (b == (byte)'\r')
        {
            _sawCr = true;
            return true;
        }

        if (b == (byte)'\n')
        {
            return Fail("a bare LF in a chunk-size line");
        }

        if (_inExtension)
        {
            return b >= 0x20 && b != 0x7F || b == (byte)'\t' || Fail("a control character in a chunk extension");
        }

        if (b == (byte)';')
        {
            _inExtension = true;
            return _sizeDigits > 0 || Fail("a chunk extension before the chunk size");
        }

        var digit = b switch
        {
            >= (byte)'0' and <= (byte)'9' => b - '0',
            >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
            _ => -1,
        };
        if (digit < 0 || ++_sizeDigits > 15)
        {
            return Fail("a chunk size must be 1 to 15 hex digits");
        }

        _chunkLeft = (_chunkLeft << 4) | (uint)digit;
        return true;
    }

    private bool TrailerLine(byte b)
    {
        if (++_lineLength > MaxLineBytes)
        {
            return Fail("a trailer line is too long");
        }

        if (_sawCr)
        {
            if (b != (byte)'\n')
            {
                return Fail("a trailer line must end with CRLF");
            }

            // An empty line ends the trailers, and the body.
            _state = _lineLength == 2 ? State.Done : State.TrailerLine;
            ResetLine();
            return true;
        }

        if (b == (byte)'\r')
        {
            _sawCr = true;
            return true;
        }

        return (b != (byte)'\n' && (b >= 0x20 || b == (byte)'\t') && b != 0x7F) || Fail("a bare LF or control character in a trailer");
    }

    private void ResetLine()
    {
        _lineLength = 0;
        _sawCr = false;
        _inExtension = false;
        if (_state == State.SizeLine)
        {
            _sizeDigits = 0;
            _chunkLeft = 0;
        }
    }

    private bool Fail(string why)
    {
        Error ??= why;
        return false;
    }
}
