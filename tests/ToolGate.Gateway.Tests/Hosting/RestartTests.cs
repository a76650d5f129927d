using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Hosting;

public sealed class RestartTests
{
    [Fact]
    public async Task Restart_KeepsAgentsGrantsAndAudit()
    {
        await using var tools = await SampleTools.StartAsync();
        await using var gateway = await GatewayHarness.StartAsync(tools);
        var (id, key, client) = await gateway.CreateAgentAsync();
        var grantId = await gateway.GrantAsync(new { agentId = id, capability = "shell", allow = new[] { "echo *" } });
        using (var before = await client.PostAsync("/tools/shell", Json.Body("{\"command\":\"echo before\"}")))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var recordsBefore = (await gateway.AuditAsync("agentId=" + id)).Count;
        client.Dispose();
        await gateway.RestartAsync();

        using var again = gateway.AgentClient(key);
        using var after = await again.PostAsync("/tools/shell", Json.Body("{\"command\":\"echo after\"}"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var grants = await gateway.Admin.GetFromJsonAsync<JsonElement>("/v1/grants?agentId=" + id);
        Assert.Equal(grantId, Assert.Single(grants.EnumerateArray()).Text("id"));
        Assert.True((await gateway.AuditAsync("agentId=" + id)).Count > recordsBefore);
        var verify = await gateway.Admin.GetFromJsonAsync<JsonElement>("/v1/audit/verify");
        Assert.True(verify.GetProperty("valid").GetBoolean());
    }
}
