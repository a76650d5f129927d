using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Policies;

public sealed class PolicyFileTests
{
    [Fact]
    public async Task PolicyFileGrants_ApplyAreListedWithSource_AndCannotBeDeletedOverRest()
    {
        await using var tools = await SampleTools.StartAsync();
        await using var gateway = await GatewayHarness.StartAsync(tools);
        var (id, key, client) = await gateway.CreateAgentAsync("file-agent");
        client.Dispose();
        await File.WriteAllTextAsync(Path.Combine(gateway.PoliciesDirectory, "agents.yaml"), """
            grants:
              - agentId: file-agent
                capability: shell
                allow: ["echo *"]
            """);
        await gateway.RestartAsync();
        using var agent = gateway.AgentClient(key);

        using var allowed = await agent.PostAsync("/tools/shell", Json.Body("{\"command\":\"echo from file\"}"));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);

        var grant = Assert.Single((await gateway.Admin.GetFromJsonAsync<JsonElement>("/v1/grants?agentId=" + id)).EnumerateArray());
        Assert.Equal("file:agents.yaml", grant.Text("source"));
        Assert.Equal("agents-1", grant.Text("id"));
        using var delete = await gateway.Admin.DeleteAsync("/v1/grants/agents-1");
        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
    }

    [Fact]
    public async Task PolicyFileConstructs_PermitTheConstruct_AndAreListed()
    {
        await using var tools = await SampleTools.StartAsync();
        await using var gateway = await GatewayHarness.StartAsync(tools);
        var (id, key, client) = await gateway.CreateAgentAsync("loop-agent");
        client.Dispose();
        await File.WriteAllTextAsync(Path.Combine(gateway.PoliciesDirectory, "loops.yaml"), """
            grants:
              - agentId: loop-agent
                capability: shell
                allow: ["echo *"]
                constructs: [for]
            """);
        await gateway.RestartAsync();
        using var agent = gateway.AgentClient(key);

        using var allowed = await agent.PostAsync("/tools/shell", Json.Body(JsonSerializer.Serialize(new { command = "for x in 1 2; do echo \"n$x\"; done" })));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("n1\nn2\n", (await Json.ReadAsync(allowed)).Text("stdout"));
        var grant = Assert.Single((await gateway.Admin.GetFromJsonAsync<JsonElement>("/v1/grants?agentId=" + id)).EnumerateArray());
        Assert.Equal(["for"], grant.GetProperty("constructs").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task ChangedPolicyFile_IsReloadedWithoutRestart_AndAnInvalidChangeKeepsTheLastGoodGrants()
    {
        await using var tools = await SampleTools.StartAsync();
        // The test polls with calls that are denied until the reload lands: those denials must not quarantine the agent.
        await using var gateway = await GatewayHarness.StartAsync(tools, new Dictionary<string, string?> { ["ToolGate:Quarantine:DenialThreshold"] = "0" });
        var (id, _, client) = await gateway.CreateAgentAsync();
        var file = Path.Combine(gateway.PoliciesDirectory, "live.yaml");

        await File.WriteAllTextAsync(file, $"grants:\n  - agentId: {id}\n    capability: shell\n    allow: [\"echo *\"]\n");
        Assert.True(await EventuallyAsync(async () => await StatusAsync(client, "echo reloaded") == HttpStatusCode.OK), "the new grant never applied");

        await File.WriteAllTextAsync(file, $"grants:\n  - agentId: {id}\n    capability: shell\n    allow: [\"echo $(id)\"]\n");
        await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "echo still"));

        await File.WriteAllTextAsync(file, "grants: []\n");
        Assert.True(await EventuallyAsync(async () => await StatusAsync(client, "echo gone") == HttpStatusCode.Forbidden), "the removed grant still applied");
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string command)
    {
        using var response = await client.PostAsync("/tools/shell", Json.Body(JsonSerializer.Serialize(new { command })));
        return response.StatusCode;
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        }

        return false;
    }
}
