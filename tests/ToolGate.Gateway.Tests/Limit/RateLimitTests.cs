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

    [Fact]
    public async Task TokenBucket_AllowsABurstUpToTheBucket_ThenRefillsSteadily()
    {
        var (id, _, client) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "shell", allow = new[] { "true" }, rateLimit = new { permits = 2, windowSeconds = 2, kind = "tokenBucket" } });

        var burst = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostAsync("/tools/shell", Json.Body("{\"command\":\"true\"}"));
            burst.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], burst);
        Assert.Equal(HttpStatusCode.OK, await EventuallyAsync(client, "{\"command\":\"true\"}"));
    }

    [Fact]
    public async Task SlidingWindow_RecoversAfterTheWindow()
    {
        var (id, _, client) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "shell", allow = new[] { "true" }, rateLimit = new { permits = 1, windowSeconds = 1 } });
        using var first = await client.PostAsync("/tools/shell", Json.Body("{\"command\":\"true\"}"));
        using var second = await client.PostAsync("/tools/shell", Json.Body("{\"command\":\"true\"}"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal("1", second.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.OK, await EventuallyAsync(client, "{\"command\":\"true\"}"));
    }

    [Fact]
    public async Task UnknownRateLimitKind_IsRefusedWithTheField()
    {
        var (id, _, _) = await _gateway.CreateAgentAsync();

        using var response = await _gateway.Admin.PostAsync("/v1/grants", Json.Body(
            $"{{\"agentId\":\"{id}\",\"capability\":\"shell\",\"allow\":[\"true\"],\"rateLimit\":{{\"permits\":1,\"windowSeconds\":1,\"kind\":\"leakyBucket\"}}}}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("rateLimit.kind", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Retries (bounded: 5 s) until the call is no longer rate-limited, and returns its status.</summary>
    private static async Task<HttpStatusCode> EventuallyAsync(HttpClient client, string body)
    {
        var deadline = TimeProvider.System.GetTimestamp() + TimeProvider.System.TimestampFrequency * 5;
        while (true)
        {
            using var response = await client.PostAsync("/tools/shell", Json.Body(body));
            if (response.StatusCode != HttpStatusCode.TooManyRequests || TimeProvider.System.GetTimestamp() > deadline)
            {
                return response.StatusCode;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System);
        }
    }
}

/// <summary>The operator's per-agent limit: 3 actions per minute, whatever grants allow them.</summary>
public sealed class PerAgentLimitFixture : GatewayFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ToolGate:Limits:PerAgent:Permits"] = "3",
        ["ToolGate:Limits:PerAgent:WindowSeconds"] = "60",
    };
}

public sealed class PerAgentLimitTests(PerAgentLimitFixture fixture) : IClassFixture<PerAgentLimitFixture>
{
    [Fact]
    public async Task TheAgentsOverallLimit_SpansAllItsGrants_AndIsAuditedWithItsRule()
    {
        var gateway = fixture.Gateway;
        var (id, _, client) = await gateway.CreateAgentAsync();
        var (other, _, otherClient) = await gateway.CreateAgentAsync();
        foreach (var agent in new[] { id, other })
        {
            await gateway.GrantAsync(new { agentId = agent, capability = "shell", allow = new[] { "true" } });
            await gateway.GrantAsync(new { agentId = agent, capability = "shell", allow = new[] { "echo *" } });
        }

        var statuses = new List<HttpStatusCode>();
        foreach (var command in new[] { "true", "echo a", "true", "echo b" })
        {
            using var response = await client.PostAsync("/tools/shell", Json.Body($"{{\"command\":\"{command}\"}}"));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("rate-limit:agent", (await Json.ReadAsync(response)).Text("rule"));
                Assert.NotNull(response.Headers.RetryAfter?.Delta);
            }
        }

        using var others = await otherClient.PostAsync("/tools/shell", Json.Body("{\"command\":\"true\"}"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, others.StatusCode);
        var limited = Assert.Single(await gateway.AuditAsync($"agentId={id}&decision=rate_limited"));
        Assert.Equal("rate-limit:agent", limited.Text("rule"));
    }
}
