using System.Net;
using System.Net.Sockets;
using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Pipeline;

public sealed class UpstreamFailureTests
{
    [Fact]
    public async Task DeadToolBackend_Is502Problem_AndTheOutcomeIsAuditedAsError()
    {
        await using var tools = await SampleTools.StartAsync();
        await using var gateway = await GatewayHarness.StartAsync(tools, new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:compute:Destinations:local:Address"] = $"http://127.0.0.1:{UnusedPort()}",
        });
        var (id, _, client) = await gateway.CreateAgentAsync();
        await gateway.GrantAsync(new { agentId = id, capability = "compute", maxGpus = 1, maxDurationSeconds = 60, images = new[] { "img" } });

        using var response = await client.PostAsync("/tools/compute/jobs", Json.Body("{\"image\":\"img\",\"gpus\":1,\"durationSeconds\":10}"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var problem = await Json.ReadAsync(response);
        Assert.Equal("upstream", problem.Text("rule"));
        var decisionId = problem.Text("decisionId");
        List<System.Text.Json.JsonElement> records = [];
        for (var i = 0; i < 50 && records.Count < 2; i++)
        {
            records = await gateway.AuditAsync("decisionId=" + decisionId);
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }

        Assert.Equal(["allow", "error"], records.Select(r => r.Text("decision")));
        Assert.Equal(502, records[1].GetProperty("status").GetInt32());
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
