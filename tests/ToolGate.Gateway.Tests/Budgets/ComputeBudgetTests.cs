using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Budgets;

/// <summary>GPU-second budgets through the real gateway and the real scheduler sample, which reports usage back.</summary>
public sealed class ComputeBudgetTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly GatewayHarness _gateway = fixture.Gateway;

    private async Task<(string Id, HttpClient Client, string GrantId)> AgentWithBudgetAsync(int budget)
    {
        var (id, _, client) = await _gateway.CreateAgentAsync();
        var grantId = await _gateway.GrantAsync(new
        {
            agentId = id, capability = "compute", maxGpus = 4, maxDurationSeconds = 600, images = new[] { "registry.local/train:*" },
            commands = new[] { "sleep *", "echo *" }, gpuSecondsPerWindow = budget, windowSeconds = 3_600,
        });
        return (id, client, grantId);
    }

    private static StringContent Job(string command, int gpus, int seconds) =>
        Json.Body(JsonSerializer.Serialize(new { image = "registry.local/train:v1", command, gpus, durationSeconds = seconds }));

    private async Task<JsonElement> UsageAsync(string agentId) =>
        (await _gateway.Admin.GetFromJsonAsync<JsonElement>($"/v1/agents/{agentId}/usage")).GetProperty("compute").EnumerateArray().Single();

    [Fact]
    public async Task Jobs_AreAdmittedWhileTheyFit_ThenRefused429WithRetryAfter_AndTheBudgetIsReported()
    {
        var (id, client, grantId) = await AgentWithBudgetAsync(budget: 300);

        // Long-running jobs: their charges stand until they end (after this test).
        using var first = await client.PostAsync("/tools/compute/jobs", Job("sleep 30", gpus: 2, seconds: 100));
        using var second = await client.PostAsync("/tools/compute/jobs", Job("sleep 30", gpus: 1, seconds: 100));
        using var third = await client.PostAsync("/tools/compute/jobs", Job("sleep 30", gpus: 1, seconds: 1));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("100", first.Headers.GetValues("X-ToolGate-Budget-Remaining").Single());
        Assert.Equal("300", first.Headers.GetValues("X-ToolGate-Budget-Limit").Single());
        Assert.Equal("3600", first.Headers.GetValues("X-ToolGate-Budget-Window").Single());
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("0", second.Headers.GetValues("X-ToolGate-Budget-Remaining").Single());
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.InRange(third.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 3_500, 3_600);
        var problem = await Json.ReadAsync(third);
        Assert.Equal("budget:" + grantId, problem.Text("rule"));
        Assert.Contains("needs 1 GPU-seconds, 0 of 300 are left", problem.Text("reason"), StringComparison.Ordinal);
        var limited = Assert.Single(await _gateway.AuditAsync($"agentId={id}&decision=rate_limited"));
        Assert.Equal(problem.Text("decisionId"), limited.Text("decisionId"));
        var usage = await UsageAsync(id);
        Assert.Equal((300L, 0L), (usage.GetProperty("usedGpuSeconds").GetInt64(), usage.GetProperty("remainingGpuSeconds").GetInt64()));
    }

    [Fact]
    public async Task AJobThatEndsEarly_IsRefundedWhatItDidNotUse_FromTheToolsUsageReport()
    {
        var (id, client, _) = await AgentWithBudgetAsync(budget: 100);

        using var quick = await client.PostAsync("/tools/compute/jobs", Job("echo done", gpus: 1, seconds: 100));
        Assert.Equal(HttpStatusCode.Created, quick.StatusCode);
        Assert.Equal("0", quick.Headers.GetValues("X-ToolGate-Budget-Remaining").Single());

        // The scheduler reports when the job ends; the unused part of the 100 GPU-seconds comes back.
        JsonElement usage = default;
        for (var i = 0; i < 50; i++)
        {
            usage = await UsageAsync(id);
            if (usage.GetProperty("remainingGpuSeconds").GetInt64() > 0)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        }

        Assert.InRange(usage.GetProperty("usedGpuSeconds").GetInt64(), 0, 2);
        using var next = await client.PostAsync("/tools/compute/jobs", Job("echo again", gpus: 1, seconds: 98));
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
    }

    [Fact]
    public async Task AJobLargerThanTheWholeBudget_IsDenied403_NotToldToRetry()
    {
        var (_, client, grantId) = await AgentWithBudgetAsync(budget: 100);

        using var response = await client.PostAsync("/tools/compute/jobs", Job("sleep 1", gpus: 2, seconds: 60));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(response.Headers.RetryAfter);
        Assert.Equal("budget:" + grantId, (await Json.ReadAsync(response)).Text("rule"));
    }

    [Fact]
    public async Task UsageReports_NeedTheJobsOwnToken()
    {
        var (_, client, _) = await AgentWithBudgetAsync(budget: 1_000);
        using var admitted = await client.PostAsync("/tools/compute/jobs", Job("sleep 5", gpus: 1, seconds: 100));
        var decisionId = admitted.Headers.GetValues("X-ToolGate-Decision-Id").Single();
        using var anonymous = new HttpClient { BaseAddress = _gateway.AgentsUrl };

        using var forged = await Post(anonymous, decisionId, "ToolGate-Usage not-the-token");
        using var agentKey = await Post(client, decisionId, null);
        using var missing = await anonymous.PostAsync("/toolgate/compute/usage", Json.Body("{\"usedSeconds\":0}"));

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, agentKey.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("compute.usage-report", (await Json.ReadAsync(forged)).Text("rule"));
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string decisionId, string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/toolgate/compute/usage")
        {
            Content = Json.Body(JsonSerializer.Serialize(new { decisionId, usedSeconds = 0 })),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return client.SendAsync(request);
    }
}
