using System.Buffers;
using System.Text;

namespace ToolGate.Samples.Shared;

/// <summary>
/// A tool's captured stdout or stderr (shell commands, compute jobs, the MCP sample's run_command): keeps the first
/// <see cref="Limit"/> bytes and discards the rest (a child must never block on a full pipe). Thread-safe: several
/// writers may append to one output, and the text can be taken while a reader that was given up on still runs.
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

    /// <summary>Keeps as much of <paramref name="data"/> as still fits under <see cref="Limit"/>.</summary>
    public void Append(ReadOnlySpan<byte> data)
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

    /// <summary>Reads <paramref name="stream"/> to its end (or until cancelled), keeping what fits.</summary>
    public async Task PumpAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            Append(buffer.AsSpan(0, read));
        }
    }

    /// <summary>Appends <paramref name="text"/> as UTF-8 (a shell-style error line such as "ls: command not found").</summary>
    public void Append(string text) => Append(Encoding.UTF8.GetBytes(text));

    /// <summary>The kept bytes as UTF-8 (invalid sequences, including one cut at the limit, become U+FFFD).</summary>
    public string GetText()
    {
        lock (_gate)
        {
            return Encoding.UTF8.GetString(_kept.WrittenSpan);
        }
    }
}
