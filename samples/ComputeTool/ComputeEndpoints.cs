using ToolGate.Samples.Shared;

namespace ToolGate.Samples.ComputeTool;

/// <summary>The <c>/tools/compute/jobs</c> endpoints.</summary>
internal static class ComputeEndpoints
{
    public const int MaxGpus = 64;
    public const int MaxDurationSeconds = 7 * 24 * 60 * 60;

    /// <summary><c>POST /tools/compute/jobs</c>: 201 with the job and its Location, 400 when invalid, 503 when the store is full.</summary>
    public static async Task<IResult> SubmitAsync(HttpContext context, JobStore store, ILogger<JobStore> logger)
    {
        var (request, error) = await JsonBody.ReadAsync<ComputeJobRequest>(context);
        if (request is null)
        {
            return SampleHost.BadRequest(error!);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.Image))
        {
            errors["image"] = ["'image' must be a non-empty string."];
        }

        var gpus = request.Gpus ?? 0;
        if (gpus is < 0 or > MaxGpus)
        {
            errors["gpus"] = [$"'gpus' must be between 0 and {MaxGpus}."];
        }

        if (request.DurationSeconds is not { } duration || duration is < 1 or > MaxDurationSeconds)
        {
            errors["durationSeconds"] = [$"'durationSeconds' must be between 1 and {MaxDurationSeconds}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(
                errors, detail: string.Join(" ", errors.Values.SelectMany(e => e)), title: "Invalid request");
        }

        var job = store.TryAdd(request.Image!, request.Command, gpus, request.DurationSeconds!.Value);
        if (job is null)
        {
            return TypedResults.Problem(
                detail: $"The job list is full ({JobStore.MaxJobs} jobs).", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Job list full");
        }

        Log.Submitted(logger, job.Id, job.Image, job.Gpus, job.DurationSeconds);
        return TypedResults.Created($"/tools/compute/jobs/{job.Id}", job);
    }

    /// <summary><c>GET /tools/compute/jobs</c>: every job, oldest first.</summary>
    public static IResult List(JobStore store) => TypedResults.Ok(store.List());

    /// <summary><c>GET /tools/compute/jobs/{id}</c>: the job, or 404.</summary>
    public static IResult Get(string id, JobStore store) =>
        store.Find(id) is { } job
            ? TypedResults.Ok(job)
            : TypedResults.Problem(detail: $"No job with id '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Job not found");
}
