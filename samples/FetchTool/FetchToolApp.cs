using System.Net;
using System.Net.Sockets;
using ToolGate.Samples.Shared;

namespace ToolGate.Samples.FetchTool;

/// <summary>Sample fetch tool: <c>POST /tools/fetch</c> does one HTTP GET of the given URL, without following redirects.</summary>
public static class FetchToolApp
{
    public const string DefaultUrl = "http://127.0.0.1:9102";

    /// <summary>Builds (does not start) the app. <paramref name="args"/> are normal ASP.NET Core args, e.g. <c>--urls=http://127.0.0.1:0</c>.</summary>
    public static WebApplication Create(string[] args)
    {
        var builder = SampleHost.CreateBuilder(args, typeof(FetchToolApp), DefaultUrl);
        builder.Services.AddOptions<FetchToolOptions>()
            .Bind(builder.Configuration.GetSection(FetchToolOptions.SectionName))
            .Validate(o => o.TimeoutSeconds is >= 1 and <= 300, "FetchTool:TimeoutSeconds must be between 1 and 300.")
            .ValidateOnStart();

        var useProxy = builder.Configuration.GetSection(FetchToolOptions.SectionName).GetValue<bool>(nameof(FetchToolOptions.UseProxy));
        builder.Services.AddHttpClient<UrlFetcher>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // The gateway checked this URL only: a redirect would lead somewhere it never saw.
                // 3xx responses are returned as they are, with their Location.
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                UseProxy = useProxy,
                UseCookies = false,
                ConnectCallback = ConnectAsync,
            });

        var app = builder.Build();
        app.UseSampleDefaults("/tools");
        app.MapPost("/tools/fetch", FetchEndpoint.HandleAsync);
        return app;
    }

    /// <summary>Dials the address the gateway checked when the request names one; otherwise resolves the host.</summary>
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (context.InitialRequestMessage.Options.TryGetValue(UrlFetcher.ConnectAddress, out var address))
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
            }
            else
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
