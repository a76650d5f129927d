using ModelContextProtocol;
using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Mcp;

/// <summary>The sample MCP server behind a gateway that audits tool arguments and limits each agent to 3 actions a minute.</summary>
public sealed class McpAuditAndLimitFixture : GatewayFixture
{
    public McpSampleServer Files { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ToolGate:Mcp:Servers:files:Url"] = Files.McpUrl.ToString(),
        ["ToolGate:Mcp:AuditArguments"] = "true",
        ["ToolGate:Limits:PerAgent:Permits"] = "3",
        ["ToolGate:Limits:PerAgent:WindowSeconds"] = "60",
    };

    public override async Task InitializeAsync()
    {
        Files = await McpServers.StartSampleAsync();
        Directory.CreateDirectory(Path.Combine(Files.Workspace, "work"));
        await File.WriteAllTextAsync(Path.Combine(Files.Workspace, "work", "a.txt"), "a");
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Files.DisposeAsync();
    }
}

public sealed class McpAuditAndLimitTests(McpAuditAndLimitFixture fixture) : IClassFixture<McpAuditAndLimitFixture>
{
    private async Task<(string Id, ModelContextProtocol.Client.McpClient Client)> AgentAsync()
    {
        var (id, key, _) = await fixture.Gateway.CreateAgentAsync();
        await fixture.Gateway.GrantAsync(new
        {
            agentId = id, capability = "mcp", server = "files",
            tools = new[] { new { name = "read_file", arguments = new { path = new { @as = "path", glob = "/work/**" } } } },
        });
        return (id, await McpServers.ConnectAsync(new Uri(fixture.Gateway.AgentsUrl, "/mcp/files"), key));
    }

    [Fact]
    public async Task WhenConfigured_TheArgumentsThemselvesAreAudited()
    {
        var (id, client) = await AgentAsync();
        await using (client)
        {
            await client.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = "/work/a.txt" });
        }

        // The decision record (its outcome record, also "allow", may already be committed beside it).
        var record = (await fixture.Gateway.AuditAsync($"agentId={id}&capability=mcp&decision=allow")).Single(r => r.Text("stage") == "decision");
        Assert.Equal("/work/a.txt", record.GetProperty("detail").GetProperty("arguments").Text("path"));
    }

    [Fact]
    public async Task TheAgentsOverallLimit_AnswersMcpCallsWithRateLimitedErrors()
    {
        var (id, client) = await AgentAsync();
        await using (client)
        {
            for (var i = 0; i < 3; i++)
            {
                await client.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = "/work/a.txt" });
            }

            var limited = await Assert.ThrowsAsync<McpProtocolException>(() =>
                client.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = "/work/a.txt" }).AsTask());

            Assert.Equal(-32002, (int)limited.ErrorCode);
        }

        var record = (await fixture.Gateway.AuditAsync($"agentId={id}&decision=rate_limited")).Single();
        Assert.Equal("rate-limit:agent", record.Text("rule"));
    }
}
