using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Pipeline;

/// <summary>Compute jobs through the real gateway to the real sample scheduler.</summary>
public sealed class ComputeToolCallTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Digest = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string Monero = "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A";

    private readonly GatewayHarness _gateway = fixture.Gateway;

    [Fact]
    public async Task AdmittedJob_RunsOnTheScheduler_WithTheCheckedArgvAndEnvOnly()
    {
        var (id, _, client) = await AgentWithGrantAsync(commands: ["sh -c *", "echo *", "printenv EPOCHS"]);

        using var response = await client.PostAsync("/tools/compute/jobs", Json.Body(JsonSerializer.Serialize(new
        {
            image = "registry.local/train:v1", command = "sh -c 'echo trained && printenv EPOCHS'", gpus = 1, durationSeconds = 5,
            env = new { EPOCHS = "3" }, argv = new[] { "xmrig" }, extra = "dropped",
        })));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var received = (await fixture.Tools.ReceivedAsync(fixture.Tools.Compute)).Single(r => r.Headers.GetValueOrDefault("X-ToolGate-Agent-Id") == id);
        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal(["image", "command", "argv", "gpus", "durationSeconds", "env"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["sh", "-c", "echo trained && printenv EPOCHS"], body.GetProperty("argv").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal(response.Headers.GetValues("X-ToolGate-Decision-Id").Single(), received.Headers["X-ToolGate-Decision-Id"]);

        var job = await WaitEndedAsync((await Json.ReadAsync(response)).Text("id"));
        Assert.Equal("succeeded", job.Text("state"));
        Assert.Equal("trained\n3\n", job.Text("stdout"));
    }

    [Theory]
    [InlineData("xmrig/xmrig:latest", null, null)]
    [InlineData("docker.io/library/xmrig", null, null)]
    [InlineData("registry.local/train:v1", "sh -c './xmrig -o pool.minexmr.com:4444 -u " + Monero + "'", null)]
    [InlineData("registry.local/train:v1", "echo --donate-level 1", null)]
    [InlineData("registry.local/train:v1", "echo hi", "stratum+tcp://pool.example.net:3333")]
    public async Task MinerJob_IsDeniedCritical_EvenWhenGranted_AndNeverReachesTheTool(string image, string? command, string? poolUrl)
    {
        var (id, _, client) = await AgentWithGrantAsync(images: ["**"], commands: ["sh -c *", "echo *", "./xmrig *"]);
        object job = poolUrl is null
            ? new { image, command, gpus = 1, durationSeconds = 5 }
            : new { image, command, gpus = 1, durationSeconds = 5, env = new { POOL_URL = poolUrl } };

        using var response = await client.PostAsync("/tools/compute/jobs", Json.Body(JsonSerializer.Serialize(job)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await Json.ReadAsync(response);
        Assert.Equal("guardrail:compute.miner", problem.Text("rule"));
        var record = Assert.Single(await _gateway.AuditAsync("decisionId=" + problem.Text("decisionId")));
        Assert.Equal("critical", record.Text("severity"));
        Assert.DoesNotContain(await fixture.Tools.ReceivedAsync(fixture.Tools.Compute), r => r.Headers.GetValueOrDefault("X-ToolGate-Agent-Id") == id);
    }

    [Theory]
    [InlineData("{\"image\": \"registry.local/train:v1\", \"gpus\": 1, \"durationSeconds\": 5, \"env\": {\"EPOCHS\": 3}}", "field 'env.EPOCHS' must be a string, not number")]
    [InlineData("{\"image\": \"registry.local/train:v1\", \"gpus\": 1, \"durationSeconds\": 5, \"env\": [\"A=1\"]}", "field 'env' must be an object of strings, not array")]
    [InlineData("{\"image\": \"registry.local/train:v1\", \"gpus\": 1, \"durationSeconds\": 5, \"env\": {\"A-B\": \"1\"}}", "field 'env': env name 'A-B' is not a variable name")]
    public async Task InvalidEnv_IsUnclassifiable(string body, string reason)
    {
        var (_, _, client) = await AgentWithGrantAsync();

        using var response = await client.PostAsync("/tools/compute/jobs", Json.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Json.ReadAsync(response);
        Assert.Equal("unclassifiable", problem.Text("rule"));
        Assert.StartsWith(reason, problem.Text("reason"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("registry.local/train:v1", "python steal.py", "command 'python steal.py' matches none of the granted commands (echo *)")]
    [InlineData("registry.local/train:v1", null, "")]
    [InlineData("registry.local/train:v1@" + Digest, null, "is pinned to " + Digest)]
    [InlineData("registry.local/other:v1", null, "image 'registry.local/other:v1' matches none of the granted images (registry.local/train:*)")]
    public async Task JobOutsideTheGrant_IsDeniedSayingWhy(string image, string? command, string reason)
    {
        var (_, _, client) = await AgentWithGrantAsync(commands: ["echo *"]);

        using var response = await client.PostAsync("/tools/compute/jobs", Json.Body(JsonSerializer.Serialize(new { image, command, gpus = 1, durationSeconds = 5 })));

        if (reason.Length == 0)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return;
        }

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(reason, (await Json.ReadAsync(response)).Text("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PinnedDigestGrant_AdmitsThatDigestOnly()
    {
        var (_, _, client) = await AgentWithGrantAsync(images: [$"registry.local/train@{Digest}"]);

        using var pinned = await client.PostAsync("/tools/compute/jobs", Json.Body(JsonSerializer.Serialize(new { image = $"registry.local/train@{Digest}", gpus = 1, durationSeconds = 5 })));
        using var tagged = await client.PostAsync("/tools/compute/jobs", Json.Body(JsonSerializer.Serialize(new { image = "registry.local/train:v1", gpus = 1, durationSeconds = 5 })));

        Assert.Equal(HttpStatusCode.Created, pinned.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, tagged.StatusCode);
    }

    [Fact]
    public async Task Grant_WithCommandsAndBudget_IsStoredAndShown()
    {
        var (id, _, _) = await _gateway.CreateAgentAsync();
        var grantId = await _gateway.GrantAsync(new
        {
            agentId = id, capability = "compute", maxGpus = 2, maxDurationSeconds = 3600, images = new[] { "registry.local/train:*" },
            commands = new[] { "python train.py *" }, gpuSecondsPerWindow = 7200, windowSeconds = 86_400,
        });

        var grants = await _gateway.Admin.GetFromJsonAsync<JsonElement>("/v1/grants");
        var view = grants.EnumerateArray().Concat(grants.ValueKind == JsonValueKind.Object && grants.TryGetProperty("items", out var items) ? items.EnumerateArray() : [])
            .Single(g => g.Text("id") == grantId);

        Assert.Equal(["python train.py *"], view.GetProperty("commands").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(7200, view.GetProperty("gpuSecondsPerWindow").GetInt32());
        Assert.Equal(86_400, view.GetProperty("windowSeconds").GetInt32());
    }

    [Theory]
    [InlineData("{\"gpuSecondsPerWindow\": 7200}", "windowSeconds")]
    [InlineData("{\"windowSeconds\": 86400}", "gpuSecondsPerWindow")]
    [InlineData("{\"gpuSecondsPerWindow\": 0, \"windowSeconds\": 86400}", "gpuSecondsPerWindow")]
    [InlineData("{\"gpuSecondsPerWindow\": 7200, \"windowSeconds\": 99999999}", "windowSeconds")]
    [InlineData("{\"images\": [\"registry.local/train:v1@sha256:abc\"]}", "images[0]")]
    [InlineData("{\"commands\": [\"python train.py; id\"]}", "commands[0]")]
    public async Task Grant_Invalid_IsRefusedNamingTheField(string fields, string field)
    {
        var (id, _, _) = await _gateway.CreateAgentAsync();
        var grant = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(fields)!;
        grant.TryAdd("agentId", JsonSerializer.SerializeToElement(id));
        grant.TryAdd("capability", JsonSerializer.SerializeToElement("compute"));
        grant.TryAdd("maxGpus", JsonSerializer.SerializeToElement(1));
        grant.TryAdd("maxDurationSeconds", JsonSerializer.SerializeToElement(60));
        grant.TryAdd("images", JsonSerializer.SerializeToElement(new[] { "registry.local/train:*" }));

        using var response = await _gateway.Admin.PostAsJsonAsync("/v1/grants", grant);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await Json.ReadAsync(response)).GetProperty("errors");
        Assert.Contains(errors.EnumerateObject(), e => e.Name.Equals(field, StringComparison.OrdinalIgnoreCase));
    }

    private async Task<(string Id, string Key, HttpClient Client)> AgentWithGrantAsync(string[]? images = null, string[]? commands = null)
    {
        var agent = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new
        {
            agentId = agent.Id, capability = "compute", maxGpus = 1, maxDurationSeconds = 60,
            images = images ?? ["registry.local/train:*"], commands,
        });
        return agent;
    }

    private async Task<JsonElement> WaitEndedAsync(string jobId)
    {
        using var tool = new HttpClient { BaseAddress = SampleTools.UrlOf(fixture.Tools.Compute) };
        var start = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var job = await tool.GetFromJsonAsync<JsonElement>($"/tools/compute/jobs/{jobId}");
            if (job.Text("state") is not ("queued" or "running"))
            {
                return job;
            }

            Assert.True(TimeProvider.System.GetElapsedTime(start) < TimeSpan.FromSeconds(10), $"job {jobId} is still {job.Text("state")}");
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }
}
