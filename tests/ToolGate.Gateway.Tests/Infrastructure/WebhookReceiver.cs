using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ToolGate.Gateway.Tests.Infrastructure;

/// <summary>A real alert receiver on loopback: records every POSTed JSON body and its signature header.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<(JsonElement Body, string? Signature, byte[] Raw)> _received = Channel.CreateUnbounded<(JsonElement, string?, byte[])>();

    private WebhookReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    private int _failuresLeft;

    /// <summary>Answer 503 to the next <paramref name="count"/> posts (to exercise retries), then take them again.</summary>
    public void FailNext(int count) => Volatile.Write(ref _failuresLeft, count);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/alerts", async (HttpRequest request) =>
        {
            if (Interlocked.Decrement(ref receiver!._failuresLeft) >= 0)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var raw = buffer.ToArray();
            receiver._received.Writer.TryWrite((JsonDocument.Parse(raw).RootElement.Clone(), request.Headers["X-ToolGate-Signature"].FirstOrDefault(), raw));
            return Results.NoContent();
        });
        await app.StartAsync();
        receiver = new WebhookReceiver(app, new Uri(new Uri(app.Urls.Single()), "/alerts"));
        return receiver;
    }

    /// <summary>The next alert received, or a failure after <paramref name="timeout"/>.</summary>
    public async Task<(JsonElement Body, string? Signature, byte[] Raw)> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await _received.Reader.ReadAsync(cancel.Token);
    }

    /// <summary>Alerts received so far and not yet read.</summary>
    public int Pending => _received.Reader.Count;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
