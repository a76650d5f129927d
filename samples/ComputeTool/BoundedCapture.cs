using System.Buffers;
using System.Text;

namespace ToolGate.Samples.ComputeTool;

/// <summary>A job's stdout or stderr: keeps the first <c>limit</c> bytes, reads and drops the rest (a job never blocks on a full pipe).</summary>
internal sealed class BoundedCapture(int limit)
{
    private readonly ArrayBufferWriter<byte> _kept = new();
    private readonly Lock _gate = new();
    private bool _truncated;

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

    /// <summary>Reads <paramref name="stream"/> to its end (or until cancelled).</summary>
    public async Task PumpAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            Append(buffer.AsSpan(0, read));
        }
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            var room = limit - _kept.WrittenCount;
            if (data.Length > room)
            {
                _truncated = true;
                data = data[..room];
            }

            _kept.Write(data);
        }
    }

    public void Append(string text) => Append(Encoding.UTF8.GetBytes(text));

    public string GetText()
    {
        lock (_gate)
        {
            return Encoding.UTF8.GetString(_kept.WrittenSpan);
        }
    }
}
