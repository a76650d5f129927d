using System.Text.RegularExpressions;
using ToolGate.Samples.Shared;

namespace ToolGate.Samples.ComputeTool;

/// <summary>The <c>/tools/compute/jobs</c> endpoints: submit, list, look up and cancel jobs.</summary>
internal static partial class ComputeEndpoints
{
    public const int MaxGpus = 64;
    public const int MaxDurationSeconds = 7 * 24 * 60 * 60;
    public const int MaxArgvWords = 4_096;
    public const int MaxEnvVariables = 64;
    public const int MaxTokenLength = 512;
    public const string DecisionIdHeader = "X-ToolGate-Decision-Id";

    /// <summary><c>POST /tools/compute/jobs</c>: 201 with the job and its Location, 400 when invalid, 503 when the job list is full.</summary>
    public static async Task<IResult> SubmitAsync(HttpContext context, JobScheduler scheduler, TimeProvider time)
    {
        var (request, error) = await JsonBody.ReadAsync<ComputeJobRequest>(context);
        if (request is null)
        {
            return SampleHost.BadRequest(error!);
        }

        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(
                errors, detail: string.Join(" ", errors.Values.SelectMany(e => e)), title: "Invalid request");
        }

        var decisionId = context.Request.Headers[DecisionIdHeader].ToString();
        var job = scheduler.TrySubmit(request, decisionId.Length == 0 ? null : decisionId);
        return job is null
            ? TypedResults.Problem(detail: "The job list is full of unfinished jobs, or the tool is stopping.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Job list full")
            : TypedResults.Created($"/tools/compute/jobs/{job.Id}", job.View(time));
    }

    /// <summary><c>GET /tools/compute/jobs</c>: every kept job, oldest first.</summary>
    public static IResult List(JobScheduler scheduler, TimeProvider time) => TypedResults.Ok(scheduler.List().Select(j => j.View(time)).ToList());

    /// <summary><c>GET /tools/compute/jobs/{id}</c>: the job, or 404.</summary>
    public static IResult Get(string id, JobScheduler scheduler, TimeProvider time) =>
        scheduler.Find(id) is { } job ? TypedResults.Ok(job.View(time)) : NotFound(id);

    /// <summary><c>DELETE /tools/compute/jobs/{id}</c>: 202 (the process tree is being killed), 404, or 409 when the job already ended.</summary>
    public static IResult Cancel(string id, JobScheduler scheduler, TimeProvider time)
    {
        if (scheduler.Find(id) is not { } job)
        {
            return NotFound(id);
        }

        if (JobState.IsFinal(job.State))
        {
            return TypedResults.Problem(detail: $"Job '{id}' already ended ({job.State}).", statusCode: StatusCodes.Status409Conflict, title: "Job ended");
        }

        job.Cancellation.Cancel();
        return TypedResults.Accepted($"/tools/compute/jobs/{id}", job.View(time));
    }

    private static Dictionary<string, string[]> Validate(ComputeJobRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.Image))
        {
            errors["image"] = ["'image' must be a non-empty string."];
        }

        if (request.Gpus is < 0 or > MaxGpus)
        {
            errors["gpus"] = [$"'gpus' must be between 0 and {MaxGpus}."];
        }

        if (request.DurationSeconds is not (>= 1 and <= MaxDurationSeconds))
        {
            errors["durationSeconds"] = [$"'durationSeconds' must be between 1 and {MaxDurationSeconds}."];
        }

        if (request.Argv is { } argv && (argv.Count is 0 or > MaxArgvWords || argv.Any(w => w is null || w.Contains('\0', StringComparison.Ordinal)) || argv[0].Length == 0))
        {
            errors["argv"] = [$"'argv' must hold 1 to {MaxArgvWords} words without NUL, the first non-empty."];
        }

        if (request.Env is { } env && (env.Count > MaxEnvVariables || env.Any(p => !EnvName().IsMatch(p.Key) || p.Value is null || p.Value.Contains('\0', StringComparison.Ordinal))))
        {
            errors["env"] = [$"'env' must map at most {MaxEnvVariables} variable names ([A-Za-z_][A-Za-z0-9_]*) to strings without NUL."];
        }

        if (request.UsageReport is { } report)
        {
            if (!Uri.TryCreate(report.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                errors["usageReport.url"] = ["'usageReport.url' must be an absolute http or https URL."];
            }

            // The token goes into a header: visible ASCII only, so it cannot end the header or add another.
            if (report.Token is not { Length: > 0 and <= MaxTokenLength } token || token.Any(c => c is < '!' or > '~'))
            {
                errors["usageReport.token"] = [$"'usageReport.token' must be 1 to {MaxTokenLength} visible ASCII characters."];
            }
        }

        return errors;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(detail: $"No job with id '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Job not found");

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvName();
}
