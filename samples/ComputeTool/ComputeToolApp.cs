using ToolGate.Samples.Shared;

namespace ToolGate.Samples.ComputeTool;

/// <summary>
/// Sample compute tool: a small scheduler under <c>/tools/compute/jobs</c> that runs admitted jobs as host processes
/// (no containers, no GPUs: image and GPUs are bookkeeping), enforces their duration and reports their usage.
/// </summary>
public static class ComputeToolApp
{
    public const string DefaultUrl = "http://127.0.0.1:9103";

    /// <summary>Builds (does not start) the app. <paramref name="args"/> are normal ASP.NET Core args, e.g. <c>--urls=http://127.0.0.1:0</c>.</summary>
    public static WebApplication Create(string[] args)
    {
        var builder = SampleHost.CreateBuilder(args, typeof(ComputeToolApp), DefaultUrl);
        builder.Services.Configure<ComputeToolOptions>(builder.Configuration.GetSection(ComputeToolOptions.Section));
        builder.Services.AddHttpClient(UsageReporter.HttpClientName);
        builder.Services.AddSingleton<UsageReporter>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddSingleton<JobScheduler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobScheduler>());

        var app = builder.Build();
        app.UseSampleDefaults("/tools");
        var jobs = app.MapGroup("/tools/compute/jobs");
        jobs.MapPost(string.Empty, ComputeEndpoints.SubmitAsync);
        jobs.MapGet(string.Empty, ComputeEndpoints.List);
        jobs.MapGet("/{id}", ComputeEndpoints.Get);
        jobs.MapDelete("/{id}", ComputeEndpoints.Cancel);
        return app;
    }
}
