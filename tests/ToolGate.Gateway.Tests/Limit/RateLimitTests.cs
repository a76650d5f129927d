using System.Net;
using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Limit;

public sealed class RateLimitTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly GatewayHarness _gateway = fixture.Gateway;

    [Fact]
    public async Task OverTheGrantsLimit_Is429WithRetryAfterAndAudited()
    {
        var (id, _, client) = await _gateway.CreateAgentAsync();
        var grantId = await _gateway.GrantAsync(new
        {
            agentId = id, capability = "compute", maxGpus = 1, maxDurationSeconds = 60, images = new[] { "registry.local/train:*" },
            rateLimit = new { permits = 2, windowSeconds = 60 },
        });
        const string job = "{\"image\":\"registry.local/train:v1\",\"gpus\":1,\"durationSeconds\":30}";

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 3; i++)
        {
            var response = await client.PostAsync("/tools/compute/jobs", Json.Body(job));
            statuses.Add(response.StatusCode);
            limited = response;
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(limited!.Headers.RetryAfter?.Delta);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        var problem = await Json.ReadAsync(limited);
        Assert.Equal("rate-limit:" + grantId, problem.Text("rule"));
        var records = await _gateway.AuditAsync($"agentId={id}&decision=rate_limited");
        Assert.Equal(problem.Text("decisionId"), Assert.Single(records).Text("decisionId"));
        Assert.Equal(2, (await fixture.Tools.ReceivedAsync(fixture.Tools.Compute)).Count(r => r.Headers.GetValueOrDefault("X-ToolGate-Agent-Id") == id));
    }

    [Fact]
    public async Task Limits_ArePerAgent()
    {
        var first = await _gateway.CreateAgentAsync();
        var second = await _gateway.CreateAgentAsync();
        foreach (var id in new[] { first.Id, second.Id })
        {
            await _gateway.GrantAsync(new { agentId = id, capability = "shell", allow = new[] { "true" }, rateLimit = new { permits = 1, windowSeconds = 60 } });
        }

        using var a1 = await first.Client.PostAsync("/tools/shell", Json.Body("{\"command\":\"true\"}"));
        using var a2 = await first.Client.PostAsync("/tools/shell", Json.Body("{\"command\":\"true\"}"));
        using var b1 = await second.Client.PostAsync("/tools/shell", Json.Body("{\"command\":\"true\"}"));

        Assert.Equal(HttpStatusCode.OK, a1.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, a2.StatusCode);
        Assert.Equal(HttpStatusCode.OK, b1.StatusCode);
    }
}
