namespace ToolGate.Samples.Shared;

/// <summary>
/// Remembers the last <see cref="Capacity"/> requests that reached a sample tool, so tests can prove
/// that a call the gateway denied never arrived. Thread-safe; one instance per app (a DI singleton).
/// </summary>
internal sealed class RequestJournal
{
    public const int Capacity = 1_000;
    public const int MaxBodyChars = 64 * 1024;

    private readonly Queue<ReceivedRequest> _entries = new();
    private readonly Lock _gate = new();

    public void Record(ReceivedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            if (_entries.Count == Capacity)
            {
                _entries.Dequeue();
            }

            _entries.Enqueue(request);
        }
    }

    public IReadOnlyList<ReceivedRequest> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }
}
