using System.Globalization;
using Microsoft.Extensions.Options;

namespace ToolGate.Samples.ComputeTool;

/// <summary>
/// Keeps the jobs and runs them: at most <see cref="ComputeToolOptions.MaxConcurrentJobs"/> at once (the rest wait,
/// queued), at most <see cref="ComputeToolOptions.MaxJobs"/> kept. Each job reports its usage when it ends. Stopping
/// kills every running job and waits for the reports in flight.
/// </summary>
internal sealed class JobScheduler : IHostedService, IDisposable
{
    private readonly ComputeToolOptions _options;
    private readonly JobRunner _runner;
    private readonly UsageReporter _reporter;
    private readonly TimeProvider _time;
    private readonly ILogger<JobScheduler> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<ComputeJob> _jobs = [];
    private readonly Dictionary<string, ComputeJob> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _lastNumber;

    public JobScheduler(IOptions<ComputeToolOptions> options, JobRunner runner, UsageReporter reporter, TimeProvider time, ILogger<JobScheduler> logger)
    {
        _options = options.Value;
        _runner = runner;
        _reporter = reporter;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.MaxConcurrentJobs, _options.MaxConcurrentJobs);
    }

    /// <returns>The queued job, or null when every kept job is still unfinished (or the tool is stopping).</returns>
    public ComputeJob? TrySubmit(ComputeJobRequest request, string? decisionId)
    {
        ComputeJob job;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested || (_jobs.Count >= _options.MaxJobs && !DropOldestEnded()))
            {
                return null;
            }

            var id = string.Create(CultureInfo.InvariantCulture, $"job-{++_lastNumber:D6}");
            job = new ComputeJob(id, request, decisionId, _time.GetUtcNow(), _options.MaxOutputBytes);
            _jobs.Add(job);
            _byId.Add(id, job);
            _running.Add(id, Task.Run(() => RunAsync(job)));
        }

        Log.Submitted(_logger, job.Id, request.Image!, job.Gpus, job.DurationSeconds);
        return job;
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

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] running;
        lock (_gate)
        {
            _stopping.Cancel();
            running = [.. _running.Values];
        }

        try
        {
            await Task.WhenAll(running).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host would not wait longer; the processes have been told to die.
        }

        await _reporter.DrainAsync(cancellationToken);
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _slots.Dispose();
    }

    private async Task RunAsync(ComputeJob job)
    {
        try
        {
            using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(job.Cancellation.Token, _stopping.Token))
            {
                try
                {
                    await _slots.WaitAsync(waiting.Token);
                }
                catch (OperationCanceledException)
                {
                    End(job, JobState.Cancelled, null, _stopping.IsCancellationRequested ? EndedBy.Shutdown : EndedBy.Cancel, 0);
                    return;
                }
            }

            try
            {
                var started = _time.GetTimestamp();
                if (!job.MarkRunning(_time.GetUtcNow(), started))
                {
                    return;
                }

                Log.Started(_logger, job.Id);
                var (state, exitCode, endedBy) = await _runner.RunAsync(job, _stopping.Token);
                // A job with nothing to run (the image's default, which on the host is nothing) used no time at all.
                var used = job.Request.Argv is not { Count: > 0 } && job.Request.Command is null ? 0 : _time.GetElapsedTime(started).TotalSeconds;
                End(job, state, exitCode, endedBy, used);
            }
            finally
            {
                _slots.Release();
            }
        }
#pragma warning disable CA1031 // A fault in one job ends that job as failed; it must not take the scheduler down.
        catch (Exception e)
#pragma warning restore CA1031
        {
            job.Stderr.Append($"[compute tool: {e.GetType().Name}: {e.Message}]\n");
            End(job, JobState.Failed, null, EndedBy.StartFailure, job.UsedSeconds);
        }
        finally
        {
            lock (_gate)
            {
                _running.Remove(job.Id);
            }
        }
    }

    private void End(ComputeJob job, string state, int? exitCode, string endedBy, double usedSeconds)
    {
        if (job.MarkEnded(state, exitCode, endedBy, _time.GetUtcNow(), usedSeconds))
        {
            Log.Ended(_logger, job.Id, state, endedBy, usedSeconds);
            _reporter.Report(job);
        }
    }

    private bool DropOldestEnded()
    {
        var index = _jobs.FindIndex(j => JobState.IsFinal(j.State));
        if (index < 0)
        {
            return false;
        }

        _byId.Remove(_jobs[index].Id);
        _jobs[index].Cancellation.Dispose();
        _jobs.RemoveAt(index);
        return true;
    }
}
