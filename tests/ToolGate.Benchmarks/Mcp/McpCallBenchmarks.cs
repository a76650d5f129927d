using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using ModelContextProtocol.Client;
using ToolGate.Gateway.Hosting;
using ToolGate.Samples.McpServer;

namespace ToolGate.Benchmarks.Mcp;

/// <summary>
/// MCP <c>tools/call</c> round trips with the official C# SDK client: straight to the sample MCP server, and through
/// ToolGate to the same server, in one run (ratio and added latency). Session initialisation (initialize and
/// notifications/initialized) is measured on its own. The gateway is the real one in process, audit trail on disk:
/// each call is decided against an argument constraint and its allow record committed before it is forwarded.
/// </summary>
[Config(typeof(ThroughputConfig))]
public class McpCallBenchmarks
{
    private const string ProtocolVersion = "2025-11-25";

    private static readonly Dictionary<string, object?> Arguments = new() { ["path"] = "/work/notes.txt" };

    private string _root = null!;
    private WebApplication _server = null!;
    private BenchmarkGateway _gateway = null!;
    private Uri _direct = null!;
    private Uri _throughGateway = null!;
    private string _key = null!;
    private McpClient _directClient = null!;
    private McpClient _gatewayClient = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _root = Directory.CreateTempSubdirectory("toolgate-bench-mcp-").FullName;
        var workspace = Directory.CreateDirectory(Path.Combine(_root, "workspace", "work")).Parent!.FullName;
        await File.WriteAllTextAsync(Path.Combine(workspace, "work", "notes.txt"), "benchmark");
        _server = McpServerApp.Create(["--urls=http://127.0.0.1:0", $"--McpServer:RootDirectory={workspace}", "--Logging:LogLevel:Default=Warning"]);
        await _server.StartAsync();
        _direct = new Uri(new Uri(_server.Urls.First()), "/mcp");

        _gateway = await BenchmarkGateway.StartAsync(_root, new Dictionary<string, string?> { ["ToolGate:Mcp:Servers:files:Url"] = _direct.ToString() }, new
        {
            agentId = "bench-agent", capability = "mcp", server = "files",
            tools = new[] { new { name = "read_file", arguments = new { path = new { @as = "path", glob = "/work/**" } } } },
        });
        _throughGateway = new Uri(_gateway.Listeners.GetUri(ListenerKind.Agents), "/mcp/files");
        _key = _gateway.AgentKey;

        _directClient = await ConnectAsync(_direct, key: null);
        _gatewayClient = await ConnectAsync(_throughGateway, _key);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _directClient.DisposeAsync();
        await _gatewayClient.DisposeAsync();
        await _gateway.DisposeAsync();
        await _server.StopAsync();
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "tools/call read_file, direct")]
    public async Task<int> CallDirectAsync() => (await _directClient.CallToolAsync("read_file", Arguments)).Content.Count;

    [Benchmark(Description = "tools/call read_file, through ToolGate")]
    public async Task<int> CallThroughGatewayAsync() => (await _gatewayClient.CallToolAsync("read_file", Arguments)).Content.Count;

    [Benchmark(Description = "session initialise + close, direct")]
    public async Task InitialiseDirectAsync()
    {
        await using var client = await ConnectAsync(_direct, key: null);
    }

    [Benchmark(Description = "session initialise + close, through ToolGate")]
    public async Task InitialiseThroughGatewayAsync()
    {
        await using var client = await ConnectAsync(_throughGateway, _key);
    }

    private static Task<McpClient> ConnectAsync(Uri endpoint, string? key) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = endpoint,
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = key is null ? null : new Dictionary<string, string> { ["Authorization"] = "Bearer " + key },
            }),
            new McpClientOptions { ClientInfo = new() { Name = "toolgate-bench", Version = "1" }, ProtocolVersion = ProtocolVersion });
}
