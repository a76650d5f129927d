using ToolGate.Samples.Shared;

namespace ToolGate.Samples.ComputeTool;

/// <summary>
/// One job's state. The scheduler's runner writes it, endpoints read snapshots (<see cref="View"/>); every access
/// holds the job's lock, so a snapshot is never half-updated.
/// </summary>
internal sealed class ComputeJob(string id, ComputeJobRequest request, string? decisionId, DateTimeOffset submittedAt, int maxOutputBytes)
{
    private readonly Lock _gate = new();
    private string _state = JobState.Queued;
    private int? _exitCode;
    private DateTimeOffset? _startedAt;
    private DateTimeOffset? _endedAt;
    private long _startedTimestamp;
    private double _usedSeconds;
    private string? _endedBy;

    public string Id { get; } = id;

    public ComputeJobRequest Request { get; } = request;

    /// <summary>The gateway's decision id (<c>X-ToolGate-Decision-Id</c>), quoted in the usage report.</summary>
    public string? DecisionId { get; } = decisionId;

    public DateTimeOffset SubmittedAt { get; } = submittedAt;

    public BoundedOutput Stdout { get; } = new(maxOutputBytes);

    public BoundedOutput Stderr { get; } = new(maxOutputBytes);

    /// <summary>Cancelled by <c>DELETE</c>; the runner kills the process tree.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    public int Gpus => Request.Gpus ?? 0;

    public int DurationSeconds => Request.DurationSeconds ?? 0;

    public string State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    public double UsedSeconds
    {
        get
        {
            lock (_gate)
            {
                return _usedSeconds;
            }
        }
    }

    public string? EndedByReason
    {
        get
        {
            lock (_gate)
            {
                return _endedBy;
            }
        }
    }

    /// <returns>False when the job ended (cancelled) before it could start.</returns>
    public bool MarkRunning(DateTimeOffset now, long timestamp)
    {
        lock (_gate)
        {
            if (JobState.IsFinal(_state))
            {
                return false;
            }

            (_state, _startedAt, _startedTimestamp) = (JobState.Running, now, timestamp);
            return true;
        }
    }

    /// <returns>False when the job had already ended (the first end wins).</returns>
    public bool MarkEnded(string state, int? exitCode, string endedBy, DateTimeOffset now, double usedSeconds)
    {
        lock (_gate)
        {
            if (JobState.IsFinal(_state))
            {
                return false;
            }

            (_state, _exitCode, _endedBy, _endedAt, _usedSeconds) = (state, exitCode, endedBy, now, usedSeconds);
            return true;
        }
    }

    public ComputeJobView View(TimeProvider time)
    {
        lock (_gate)
        {
            var used = _state == JobState.Running ? time.GetElapsedTime(_startedTimestamp).TotalSeconds : _usedSeconds;
            return new ComputeJobView(
                Id, Request.Image!, Request.Command, Request.Argv, Gpus, DurationSeconds, _state, _exitCode, SubmittedAt, _startedAt, _endedAt,
                Math.Round(used, 3), _endedBy, Stdout.GetText(), Stderr.GetText(), Stdout.Truncated || Stderr.Truncated,
                [.. (Request.Env ?? new Dictionary<string, string>()).Keys.Order(StringComparer.Ordinal)]);
        }
    }
}
