using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ToolGate.Gateway.Tests.Infrastructure;

/// <summary>
/// A loopback stand-in for the gateway's usage endpoint: <c>POST /usage</c> records the Authorization header and the
/// JSON body. The first <c>failures</c> requests are answered 503, to exercise the reporter's retries.
/// </summary>
public sealed class UsageReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<Delivery> _delivered = Channel.CreateUnbounded<Delivery>();
    private int _failuresLeft;
    private int _attempts;

    private UsageReceiver(WebApplication app, int failures)
    {
        _app = app;
        _failuresLeft = failures;
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>Every request that arrived, failed ones included.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public static async Task<UsageReceiver> StartAsync(int failures = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new UsageReceiver(app, failures);
        app.MapPost("/usage", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref receiver._attempts);
            if (Interlocked.Decrement(ref receiver._failuresLeft) >= 0)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            var body = await JsonDocument.ParseAsync(request.Body);
            await receiver._delivered.Writer.WriteAsync(new Delivery(request.Headers.Authorization.ToString(), body.RootElement.Clone()));
            return Results.NoContent();
        });
        await app.StartAsync();
        receiver.Url = new Uri(new Uri(app.Urls.Single()), "/usage");
        return receiver;
    }

    /// <summary>The next delivered report; fails the test after <paramref name="seconds"/>.</summary>
    public async Task<Delivery> NextAsync(double seconds = 10)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        return await _delivered.Reader.ReadAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record Delivery(string Authorization, JsonElement Body);
}
