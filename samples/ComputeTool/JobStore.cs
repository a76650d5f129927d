using System.Globalization;

namespace ToolGate.Samples.ComputeTool;

/// <summary>The submitted jobs, in submission order. Thread-safe; one instance per app (a DI singleton).</summary>
internal sealed class JobStore(TimeProvider timeProvider)
{
    /// <summary>Submissions beyond this are refused, so a runaway agent cannot grow the list without bound.</summary>
    public const int MaxJobs = 10_000;

    private readonly List<ComputeJob> _jobs = [];
    private readonly Dictionary<string, ComputeJob> _byId = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _lastNumber;

    /// <returns>The queued job, or null when the store already holds <see cref="MaxJobs"/> jobs.</returns>
    public ComputeJob? TryAdd(string image, string? command, int gpus, int durationSeconds)
    {
        lock (_gate)
        {
            if (_jobs.Count >= MaxJobs)
            {
                return null;
            }

            var id = string.Create(CultureInfo.InvariantCulture, $"job-{++_lastNumber:D6}");
            var job = new ComputeJob(id, image, command, gpus, durationSeconds, ComputeJob.Queued, timeProvider.GetUtcNow());
            _jobs.Add(job);
            _byId.Add(id, job);
            return job;
        }
    }

    public IReadOnlyList<ComputeJob> List()
    {
        lock (_gate)
        {
            return [.. _jobs];
        }
    }

    public ComputeJob? Find(string id)
    {
        lock (_gate)
        {
            return _byId.GetValueOrDefault(id);
        }
    }
}
