using ToolGate.Core.Audit;

namespace ToolGate.Gateway.Audit;

/// <summary>
/// Releases the requests that waited for one commit. The writer thread never completes a waiter itself (the
/// request would go on, up to forwarding, on the writer thread), and one pool work item per waiter woke a pool
/// thread per waiter, most of which then found nothing to do. Instead the waiters of a batch are split into at
/// most one slice per processor, and each slice is one pool work item that resumes its requests in turn.
/// </summary>
internal sealed class AuditWaiterRelease : IThreadPoolWorkItem
{
    private readonly TaskCompletionSource<AuditRecord>[] _waiters;
    private readonly AuditRecord[]? _records;
    private readonly AuditUnavailableException? _failure;
    private readonly int _start;
    private readonly int _end;

    private AuditWaiterRelease(TaskCompletionSource<AuditRecord>[] waiters, AuditRecord[]? records, AuditUnavailableException? failure, int start, int end)
    {
        _waiters = waiters;
        _records = records;
        _failure = failure;
        _start = start;
        _end = end;
    }

    /// <summary>Queues the release of <paramref name="waiters"/>: with their records, or with <paramref name="failure"/>.</summary>
    public static void Queue(TaskCompletionSource<AuditRecord>[] waiters, AuditRecord[]? records, AuditUnavailableException? failure)
    {
        var slices = Math.Min(waiters.Length, Environment.ProcessorCount);
        for (var slice = 0; slice < slices; slice++)
        {
            var start = waiters.Length * slice / slices;
            var end = waiters.Length * (slice + 1) / slices;
            ThreadPool.UnsafeQueueUserWorkItem(new AuditWaiterRelease(waiters, records, failure, start, end), preferLocal: false);
        }
    }

    public void Execute()
    {
        for (var i = _start; i < _end; i++)
        {
            // Continuations run inline here (the completion sources are not asynchronous): each request resumes on
            // this pool thread until its next await, usually the upstream call.
            if (_failure is null)
            {
                _waiters[i].TrySetResult(_records![i]);
            }
            else
            {
                _waiters[i].TrySetException(_failure);
            }
        }
    }
}
