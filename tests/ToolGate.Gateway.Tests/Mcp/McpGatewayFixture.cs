using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Mcp;

/// <summary>
/// The gateway in front of three real MCP servers: the sample (SSE answers, as the C# SDK gives), the sample in JSON
/// mode, and the reference server-everything (Node). Agents reach them at /mcp/files, /mcp/files-json, /mcp/everything.
/// </summary>
public sealed class McpGatewayFixture : GatewayFixture
{
    public McpSampleServer Files { get; private set; } = null!;

    public McpSampleServer FilesJson { get; private set; } = null!;

    public EverythingServer Everything { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ToolGate:Mcp:Servers:files:Url"] = Files.McpUrl.ToString(),
        ["ToolGate:Mcp:Servers:files-json:Url"] = FilesJson.McpUrl.ToString(),
        ["ToolGate:Mcp:Servers:everything:Url"] = Everything.McpUrl.ToString(),
        // Nothing listens on port 1 of loopback: a server that is down (connection refused at once).
        ["ToolGate:Mcp:Servers:gone:Url"] = "http://127.0.0.1:1/mcp",
        ["ToolGate:Mcp:MaxMessageBytes"] = "65536",
        ["ToolGate:Mcp:OutcomeReadBytes"] = "65536",
    };

    public Uri McpUrl(string server) => new(Gateway.AgentsUrl, "/mcp/" + server);

    public override async Task InitializeAsync()
    {
        Files = await McpServers.StartSampleAsync();
        FilesJson = await McpServers.StartSampleAsync(new Dictionary<string, string?> { ["McpServer:JsonResponses"] = "true" });
        Everything = await EverythingServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Files.DisposeAsync();
        await FilesJson.DisposeAsync();
        await Everything.DisposeAsync();
    }
}
