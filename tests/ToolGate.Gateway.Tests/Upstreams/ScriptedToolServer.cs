using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ToolGate.Gateway.Tests.Upstreams;

/// <summary>
/// A compute tool stand-in on loopback whose answer the test sets: a status after a delay. It counts the calls
/// that reached it, which is how a test shows an open circuit never called it.
/// </summary>
internal sealed class ScriptedToolServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    private ScriptedToolServer(WebApplication app) => _app = app;

    public Uri Url => new(_app.Urls.Single());

    public int Calls => Volatile.Read(ref _calls);

    public int Status { get; set; } = StatusCodes.Status201Created;

    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public static async Task<ScriptedToolServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new ScriptedToolServer(app);
        app.MapPost("/tools/compute/jobs", async (HttpContext context) =>
        {
            Interlocked.Increment(ref server._calls);
            if (server.Delay > TimeSpan.Zero)
            {
                // The gateway gives up first and closes the connection, which cancels this wait.
                await Task.Delay(server.Delay, TimeProvider.System, context.RequestAborted);
            }

            return Results.StatusCode(server.Status);
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
