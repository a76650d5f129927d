using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ToolGate.Gateway.Tests.Infrastructure;

/// <summary>
/// A small real web server on loopback for egress tests: HTTPS with a throw-away self-signed certificate, or
/// plain HTTP. <c>GET /hello</c> answers, every request is recorded (what the destination actually saw).
/// </summary>
public sealed class LoopbackWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackWebServer(WebApplication app, Uri url, string? certificateHash)
    {
        _app = app;
        Url = url;
        CertificateHash = certificateHash;
    }

    public Uri Url { get; }

    /// <summary>SHA-1 thumbprint of the server's certificate (TLS servers), for clients that pin it.</summary>
    public string? CertificateHash { get; }

    public int Port => Url.Port;

    /// <summary>Host header and header names of every request that reached this server.</summary>
    public ConcurrentQueue<(string Host, string Path, string[] HeaderNames)> Requests { get; } = new();

    public static async Task<LoopbackWebServer> StartAsync(bool tls)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var certificate = tls ? SelfSignedCertificate() : null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        LoopbackWebServer? server = null;
        app.Use((context, next) =>
        {
            server!.Requests.Enqueue((context.Request.Host.Value ?? string.Empty, context.Request.Path.Value ?? string.Empty,
                [.. context.Request.Headers.Keys]));
            return next(context);
        });
        app.MapGet("/hello", () => tls ? "hello over tls" : "hello");
        app.MapPost("/echo", async (HttpRequest request) => await new StreamReader(request.Body).ReadToEndAsync());
        await app.StartAsync();
        var address = app.Urls.Single().Replace("http://", tls ? "https://" : "http://", StringComparison.Ordinal);
        server = new LoopbackWebServer(app, new Uri(address), certificate?.GetCertHashString());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        // Re-imported so the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }
}

/// <summary>A raw TCP server that counts the connections it accepted and the bytes it received, and echoes them.</summary>
public sealed class CountingTcpServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private int _accepted;
    private long _received;

    public CountingTcpServer(IPAddress address, int port = 0)
    {
        _listener = new TcpListener(address, port);
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public int Accepted => Volatile.Read(ref _accepted);

    public long Received => Interlocked.Read(ref _received);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _accepted);
                _ = EchoAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task EchoAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[16 * 1024];
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, _stop.Token)) > 0)
                {
                    Interlocked.Add(ref _received, read);
                    await stream.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The peer or the test went away.
            }
        }
    }
}
