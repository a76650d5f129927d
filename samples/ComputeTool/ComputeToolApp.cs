using ToolGate.Samples.Shared;

namespace ToolGate.Samples.ComputeTool;

/// <summary>Sample compute tool: submit, list and look up jobs under <c>/tools/compute/jobs</c>, kept in memory.</summary>
public static class ComputeToolApp
{
    public const string DefaultUrl = "http://127.0.0.1:9103";

    /// <summary>Builds (does not start) the app. <paramref name="args"/> are normal ASP.NET Core args, e.g. <c>--urls=http://127.0.0.1:0</c>.</summary>
    public static WebApplication Create(string[] args)
    {
        var builder = SampleHost.CreateBuilder(args, typeof(ComputeToolApp), DefaultUrl);
        builder.Services.AddSingleton<JobStore>();

        var app = builder.Build();
        app.UseSampleDefaults("/tools");
        var jobs = app.MapGroup("/tools/compute/jobs");
        jobs.MapPost(string.Empty, ComputeEndpoints.SubmitAsync);
        jobs.MapGet(string.Empty, ComputeEndpoints.List);
        jobs.MapGet("/{id}", ComputeEndpoints.Get);
        return app;
    }
}
