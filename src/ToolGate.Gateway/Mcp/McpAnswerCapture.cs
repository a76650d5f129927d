namespace ToolGate.Gateway.Mcp;

/// <summary>
/// The agent's response body while YARP copies a JSON answer into it untouched: everything is written through, and
/// the first <paramref name="limit"/> bytes are kept so the outcome records can be matched to the answer afterwards. An
/// answer nothing needs to rewrite is never held whole in memory for the audit's sake.
/// </summary>
internal sealed class McpAnswerCapture(Stream inner, int limit) : Stream
{
    private readonly MemoryStream _kept = new();

    public int Limit => limit;

    /// <summary>The answer as written; empty when it was longer than <see cref="Limit"/>.</summary>
    public ReadOnlySpan<byte> Kept => Overflowed ? default : _kept.GetBuffer().AsSpan(0, (int)_kept.Length);

    public bool Overflowed { get; private set; }

    public Stream Inner => inner;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Keep(buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Keep(buffer.Span);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _kept.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        if (Overflowed)
        {
            return;
        }

        if (_kept.Length + bytes.Length > limit)
        {
            Overflowed = true;
            _kept.SetLength(0);
            return;
        }

        _kept.Write(bytes);
    }
}
