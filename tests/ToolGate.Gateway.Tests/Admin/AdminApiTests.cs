using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Admin;

public sealed class AdminApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly GatewayHarness _gateway = fixture.Gateway;

    [Fact]
    public async Task CreateAgent_ReturnsKeyOnce_AndListNeverShowsIt()
    {
        using var created = await _gateway.Admin.PostAsJsonAsync("/v1/agents", new { id = "lister-1", description = "d" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = (await Json.ReadAsync(created)).Text("apiKey");
        Assert.StartsWith("tg_", key, StringComparison.Ordinal);
        Assert.True(key.Length >= 3 + 43, "a key carries at least 256 random bits");

        var list = await _gateway.Admin.GetStringAsync("/v1/agents");
        Assert.Contains("lister-1", list, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);

        using var again = await _gateway.Admin.PostAsJsonAsync("/v1/agents", new { id = "lister-1" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task InvalidGrant_Returns400WithEveryError()
    {
        var (id, _, _) = await _gateway.CreateAgentAsync();

        using var response = await _gateway.Admin.PostAsJsonAsync("/v1/grants", new
        {
            agentId = id, capability = "shell", allow = new[] { "git log | sh", "* x" }, paths = new[] { "relative/**" },
            rateLimit = new { permits = 0, windowSeconds = 60 }, maxGpus = 2,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await Json.ReadAsync(response)).GetProperty("errors");
        var keys = errors.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("allow[0]", keys);
        Assert.Contains("allow[1]", keys);
        Assert.Contains("paths[0]", keys);
        Assert.Contains("rateLimit.permits", keys);
        Assert.Contains("maxGpus", keys);
    }

    [Theory]
    [InlineData("{\"agentId\":\"a\",\"capability\":\"shell\",\"alow\":[\"ls\"]}")]
    [InlineData("{\"agentId\":\"a\",\"capability\":\"teleport\",\"allow\":[\"ls\"]}")]
    [InlineData("not json")]
    [InlineData("{\"agentId\":\"nobody-here\",\"capability\":\"shell\",\"allow\":[\"ls\"]}")]
    public async Task MalformedOrUnknownGrant_Is400Problem(string body)
    {
        using var response = await _gateway.Admin.PostAsync("/v1/grants", Json.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json.ReadAsync(response);
        Assert.True(problem.TryGetProperty("errors", out _) || problem.Text("detail").Length > 0, "a 400 must say what is wrong");
    }

    [Fact]
    public async Task BreakGlassGrant_NeedsJustificationAndExpiry_AndEveryUseIsAuditedAsHigh()
    {
        var (id, _, client) = await _gateway.CreateAgentAsync();
        const string command = "ssh -V -L 5432:db.internal:5432 ops@bastion.example";
        using (var refused = await _gateway.Admin.PostAsJsonAsync("/v1/grants", new { agentId = id, capability = "shell", allow = new[] { command }, breakGlass = new[] { "tunnel" } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var errors = (await Json.ReadAsync(refused)).GetProperty("errors");
            Assert.True(errors.TryGetProperty("justification", out _) && errors.TryGetProperty("expiresAt", out _));
        }

        await _gateway.GrantAsync(new
        {
            agentId = id, capability = "shell", allow = new[] { command }, breakGlass = new[] { "tunnel" },
            justification = "INC-42: emergency database access", expiresAt = TimeProvider.System.GetUtcNow().AddHours(1),
        });

        var verdict = await EvaluateAsync(id, new { kind = "shell", command });
        var other = await EvaluateAsync(id, new { kind = "shell", command = "ssh -V -R 9000:localhost:22 ops@bastion.example" });

        Assert.Equal("allow", verdict.Text("decision"));
        Assert.Equal("high", verdict.Text("severity"));
        Assert.Contains("INC-42", verdict.Text("reason"), StringComparison.Ordinal);
        Assert.Equal("guardrail:shell.tunnel", other.Text("rule"));
        var record = Assert.Single(await _gateway.AuditAsync("decisionId=" + verdict.Text("decisionId")));
        Assert.Equal("high", record.Text("severity"));
        Assert.Contains("break-glass", record.Text("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteGrant_RemovesItsEffectAtOnce()
    {
        var (id, _, client) = await _gateway.CreateAgentAsync();
        var grantId = await _gateway.GrantAsync(new { agentId = id, capability = "shell", allow = new[] { "echo *" } });
        using (var allowed = await client.PostAsync("/tools/shell", Json.Body("{\"command\":\"echo 1\"}")))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using (var deleted = await _gateway.Admin.DeleteAsync("/v1/grants/" + grantId))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var denied = await client.PostAsync("/tools/shell", Json.Body("{\"command\":\"echo 1\"}"));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        using var missing = await _gateway.Admin.DeleteAsync("/v1/grants/" + grantId);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Evaluate_GivesTheGatewaysDecision_AuditedAndNotForwarded()
    {
        var (id, _, client) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "shell", allow = new[] { "git status" }, paths = new[] { "/workspace/**" } });

        var allow = await EvaluateAsync(id, new { kind = "shell", command = "git status", cwd = "/workspace" });
        var deny = await EvaluateAsync(id, new { kind = "shell", command = "git push", cwd = "/workspace" });
        var network = await EvaluateAsync(id, new { kind = "network", target = "http://169.254.169.254/latest" });

        Assert.Equal("allow", allow.Text("decision"));
        Assert.Equal("deny", deny.Text("decision"));
        Assert.Equal("default-deny", deny.Text("rule"));
        Assert.Equal("guardrail:network.address-class", network.Text("rule"));
        var record = Assert.Single(await _gateway.AuditAsync("decisionId=" + allow.Text("decisionId")));
        Assert.Equal("evaluation", record.Text("stage"));
        Assert.DoesNotContain(await fixture.Tools.ReceivedAsync(fixture.Tools.Shell), r => r.Headers.GetValueOrDefault("X-ToolGate-Agent-Id") == id);

        // The real call decides the same way.
        using var real = await client.PostAsync("/tools/shell", Json.Body("{\"command\":\"git push\",\"cwd\":\"/workspace\"}"));
        Assert.Equal(deny.Text("reason"), (await Json.ReadAsync(real)).Text("reason"));
    }

    [Fact]
    public async Task Evaluate_WithUnreadableAction_Is400()
    {
        using var response = await _gateway.Admin.PostAsJsonAsync("/v1/evaluate", new { agentId = "a", action = new { kind = "shell" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("field 'command' is missing", (await Json.ReadAsync(response)).Text("reason"));
    }

    private async Task<JsonElement> EvaluateAsync(string agentId, object action)
    {
        using var response = await _gateway.Admin.PostAsJsonAsync("/v1/evaluate", new { agentId, action });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json.ReadAsync(response);
    }
}
