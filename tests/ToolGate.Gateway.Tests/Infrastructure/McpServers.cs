using ModelContextProtocol.Client;
using ToolGate.Samples.McpServer;

namespace ToolGate.Gateway.Tests.Infrastructure;

/// <summary>
/// Starts MCP servers for tests and connects the official C# SDK client to them (or to the gateway's MCP route).
/// The TypeScript side is <see cref="EverythingServer"/> and <see cref="McpTsClient"/>.
/// </summary>
public static class McpServers
{
    /// <summary>
    /// The newest protocol revision that still has the <c>initialize</c> handshake and <c>Mcp-Session-Id</c> sessions.
    /// The C# SDK 2.4.0 client otherwise first tries 2026-07-28 (<c>server/discover</c>, no sessions) and falls back.
    /// </summary>
    public const string SessionProtocolVersion = "2025-11-25";

    /// <summary>The sample MCP server on loopback, port 0, with a fresh temporary workspace.</summary>
    /// <param name="settings">Extra configuration, e.g. <c>["McpServer:JsonResponses"] = "true"</c> or <c>["McpServer:SessionMode"] = "Stateless"</c>.</param>
    public static async Task<McpSampleServer> StartSampleAsync(IDictionary<string, string?>? settings = null)
    {
        var workspace = Directory.CreateTempSubdirectory("toolgate-mcp-test-").FullName;
        var args = new List<string> { "--urls=http://127.0.0.1:0", $"--McpServer:RootDirectory={workspace}" };
        args.AddRange((settings ?? new Dictionary<string, string?>()).Select(s => $"--{s.Key}={s.Value}"));
        var app = McpServerApp.Create([.. args]);
        await app.StartAsync();
        return new McpSampleServer(app, workspace);
    }

    /// <summary>
    /// An initialized SDK client on <paramref name="endpoint"/> (Streamable HTTP only, no legacy SSE fallback).
    /// </summary>
    /// <param name="bearerKey">Sent as <c>Authorization: Bearer ...</c> on every request (the gateway's agent key).</param>
    /// <param name="protocolVersion">
    /// Pinned by default to <see cref="SessionProtocolVersion"/> (initialize handshake, sessions); null lets the SDK
    /// prefer 2026-07-28 and fall back on its own.
    /// </param>
    public static async Task<McpClient> ConnectAsync(
        Uri endpoint, string? bearerKey = null, string? protocolVersion = SessionProtocolVersion, CancellationToken cancellationToken = default)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            ConnectionTimeout = TimeSpan.FromSeconds(10),
            AdditionalHeaders = bearerKey is null ? null : new Dictionary<string, string> { ["Authorization"] = "Bearer " + bearerKey },
        });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        return await McpClient.CreateAsync(
            transport,
            new McpClientOptions
            {
                ClientInfo = new() { Name = "toolgate-tests", Version = "1.0.0" },
                ProtocolVersion = protocolVersion,
                InitializationTimeout = TimeSpan.FromSeconds(15),
            },
            loggerFactory: null,
            timeout.Token);
    }
}
