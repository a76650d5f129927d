using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ToolGate.Benchmarks.LoadHosts;

/// <summary>
/// The upstream every load-test target ends at: <c>POST /tools/compute/jobs</c> answered 201 with a fixed
/// job, the shape the sample ComputeTool returns. Unlike that tool it keeps nothing, so it never fills up
/// (the sample answers 503 after 10,000 jobs) and costs the same on every request.
/// </summary>
internal static class EchoUpstreamHost
{
    private static readonly byte[] Job = Encoding.UTF8.GetBytes(
        """{"id":"job-000001","image":"registry.local/train:v1","command":"python train.py","gpus":1,"durationSeconds":60,"status":"queued","submittedAt":"2026-01-01T00:00:00+00:00"}""");

    public static async Task<int> RunAsync(LoadHostArguments arguments)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        LoadHostDefaults.Apply(builder, arguments);

        var app = builder.Build();
        app.MapPost("/tools/compute/jobs", async context =>
        {
            // Read the body as the real tool would, then answer with the fixed job.
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.Headers.Location = "/tools/compute/jobs/job-000001";
            context.Response.ContentLength = Job.Length;
            await context.Response.Body.WriteAsync(Job, context.RequestAborted);
        });
        app.MapGet("/healthz", () => "ok");
        await app.RunAsync();
        return 0;
    }
}
