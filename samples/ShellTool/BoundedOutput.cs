using System.Buffers;
using System.Text;

namespace ToolGate.Samples.ShellTool;

/// <summary>
/// Drains one output stream of a child process, keeping the first <see cref="Limit"/> bytes and discarding
/// the rest (the child must never block on a full pipe). Thread-safe: the text can be taken while a drain
/// that was given up on is still running.
/// </summary>
internal sealed class BoundedOutput(int limit)
{
    private readonly ArrayBufferWriter<byte> _kept = new();
    private readonly Lock _gate = new();
    private bool _truncated;

    public int Limit { get; } = limit;

    public bool Truncated
    {
        get
        {
            lock (_gate)
            {
                return _truncated;
            }
        }
    }

    /// <summary>Reads <paramref name="source"/> to its end, or until <paramref name="cancellationToken"/> fires or the pipe breaks.</summary>
    public async Task DrainAsync(Stream source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
            {
                Append(chunk.AsSpan(0, read));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Timed out, or the process was killed or disposed: keep what was read so far.
        }
    }

    /// <summary>The kept bytes as UTF-8 (invalid sequences, including one cut at the limit, become U+FFFD).</summary>
    public string GetText()
    {
        lock (_gate)
        {
            return Encoding.UTF8.GetString(_kept.WrittenSpan);
        }
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            var room = Limit - _kept.WrittenCount;
            if (data.Length > room)
            {
                _truncated = true;
                data = data[..room];
            }

            _kept.Write(data);
        }
    }
}
