using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ToolGate.Samples.ComputeTool;

/// <summary>
/// Reports a job's usage to the receiver its request named, once the job has ended: a POST with
/// <c>Authorization: ToolGate-Usage &lt;token&gt;</c>, retried with backoff (Polly) on network errors, timeouts, 408,
/// 429 and 5xx. Runs beside the scheduler and never blocks a job; shutdown waits for reports in flight.
/// </summary>
internal sealed class UsageReporter
{
    public const string HttpClientName = "usage-report";
    public const string AuthorizationScheme = "ToolGate-Usage";

    private readonly IHttpClientFactory _clients;
    private readonly ILogger<UsageReporter> _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ConcurrentDictionary<Task, byte> _pending = new();

    public UsageReporter(IHttpClientFactory clients, IOptions<ComputeToolOptions> options, TimeProvider time, ILogger<UsageReporter> logger)
    {
        _clients = clients;
        _logger = logger;
        var settings = options.Value;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(0, settings.UsageReportAttempts - 1),
                Delay = settings.UsageReportRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => (int)r.StatusCode >= 500 || r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    Log.UsageReportRetry(_logger, args.AttemptNumber + 1, args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "?");
                    return default;
                },
            })
            .AddTimeout(settings.UsageReportTimeout)
            .Build();
    }

    /// <summary>Starts the report in the background (when the job asked for one) and returns at once.</summary>
    public void Report(ComputeJob job)
    {
        if (job.Request.UsageReport is not { Url: { } url, Token: { } token })
        {
            return;
        }

        var report = new UsageReport(job.DecisionId, job.Id, job.Gpus, job.DurationSeconds, Math.Round(job.UsedSeconds, 3), job.EndedByReason ?? EndedBy.Exit);
        var task = SendAsync(new Uri(url), token, report);
        _pending.TryAdd(task, 0);
        _ = task.ContinueWith(t => _pending.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Waits for reports in flight (at shutdown), at most until <paramref name="cancellationToken"/> fires.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(_pending.Keys).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutdown could not wait any longer; the reports left are lost, as a crash would lose them.
        }
    }

    private async Task SendAsync(Uri url, string token, UsageReport report)
    {
        await Task.Yield(); // the job's runner moves on at once
        try
        {
            var client = _clients.CreateClient(HttpClientName);
            using var response = await _pipeline.ExecuteAsync(
                async ct =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(report) };
                    request.Headers.TryAddWithoutValidation("Authorization", $"{AuthorizationScheme} {token}");
                    return await client.SendAsync(request, ct);
                },
                CancellationToken.None);
            if (response.IsSuccessStatusCode)
            {
                Log.UsageReported(_logger, report.JobId, report.UsedSeconds);
            }
            else
            {
                Log.UsageReportFailed(_logger, report.JobId, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
#pragma warning disable CA1031 // A report that cannot be delivered is logged; it must never fault the scheduler.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.UsageReportFailed(_logger, report.JobId, e.GetType().Name);
        }
    }
}

/// <summary>
/// What the tool reports when a job ends: <c>{"decisionId": "…", "jobId": "job-000001", "gpus": 1, "admittedSeconds": 600,
/// "usedSeconds": 12.5, "endedBy": "exit"}</c>. <c>endedBy</c>: exit, deadline, cancel, shutdown or start-failure.
/// </summary>
public sealed record UsageReport(string? DecisionId, string JobId, int Gpus, int AdmittedSeconds, double UsedSeconds, string EndedBy);
