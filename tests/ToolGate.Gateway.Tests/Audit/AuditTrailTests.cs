using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Audit;

/// <summary>Each test runs its own gateway: these tests damage the database on purpose.</summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private SampleTools _tools = null!;
    private GatewayHarness _gateway = null!;

    public async Task InitializeAsync()
    {
        _tools = await SampleTools.StartAsync();
        _gateway = await GatewayHarness.StartAsync(_tools);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _tools.DisposeAsync();
    }

    private async Task<(string Id, HttpClient Client)> AgentAsync()
    {
        var (id, _, client) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "shell", allow = new[] { "echo *" } });
        return (id, client);
    }

    [Fact]
    public async Task EveryDecision_HasOneDecisionRecord_AndTheChainVerifies()
    {
        var (id, client) = await AgentAsync();
        string[] commands = ["echo a", "cat x", "echo b", "echo c; id", "ls"];
        var decisionIds = new List<string>();
        foreach (var command in commands)
        {
            using var response = await client.PostAsync("/tools/shell", Json.Body(JsonSerializer.Serialize(new { command })));
            decisionIds.Add(response.Headers.GetValues("X-ToolGate-Decision-Id").Single());
        }

        var decisions = (await _gateway.AuditAsync("agentId=" + id)).Where(r => r.Text("stage") == "decision").ToList();
        Assert.Equal(decisionIds, decisions.Select(r => r.Text("decisionId")));
        Assert.Equal(["allow", "deny", "allow", "deny", "deny"], decisions.Select(r => r.Text("decision")));

        var verify = await _gateway.Admin.GetFromJsonAsync<JsonElement>("/v1/audit/verify");
        Assert.True(verify.GetProperty("valid").GetBoolean());
        Assert.True(verify.GetProperty("records").GetInt64() >= commands.Length);
    }

    [Fact]
    public async Task ForwardedCall_HasDecisionBeforeOutcome()
    {
        var (_, client) = await AgentAsync();

        using var response = await client.PostAsync("/tools/shell", Json.Body("{\"command\":\"echo hi\"}"));
        var decisionId = response.Headers.GetValues("X-ToolGate-Decision-Id").Single();

        var records = await _gateway.AuditUntilAsync("decisionId=" + decisionId, r => r.Count == 2);
        Assert.Equal(["decision", "outcome"], records.Select(r => r.Text("stage")));
        Assert.Equal(200, records[1].GetProperty("status").GetInt32());
        Assert.True(records[0].GetProperty("sequence").GetInt64() < records[1].GetProperty("sequence").GetInt64());
    }

    [Theory]
    [InlineData("UPDATE audit SET reason = 'nothing to see' WHERE seq = 2")]
    [InlineData("UPDATE audit SET decision = 'allow' WHERE seq = 2")]
    [InlineData("DELETE FROM audit WHERE seq = 2")]
    [InlineData("UPDATE audit SET ts = '2020-01-01T00:00:00.0000000Z' WHERE seq = 2")]
    public async Task TamperingWithARecord_MakesVerifyFail(string tamper)
    {
        var (_, client) = await AgentAsync();
        foreach (var command in new[] { "cat a", "cat b", "cat c" })
        {
            using var _ = await client.PostAsync("/tools/shell", Json.Body(JsonSerializer.Serialize(new { command })));
        }

        await ExecuteSqlAsync(tamper);

        var verify = await _gateway.Admin.GetFromJsonAsync<JsonElement>("/v1/audit/verify");
        Assert.False(verify.GetProperty("valid").GetBoolean());
        Assert.Equal(1, verify.GetProperty("records").GetInt64());
        Assert.InRange(verify.GetProperty("firstBadSequence").GetInt64(), 2, 3);
    }

    [Fact]
    public async Task WhenTheAuditCannotBeWritten_ActionIsRefusedWith503AndNotForwarded()
    {
        var (id, client) = await AgentAsync();
        await ExecuteSqlAsync("DROP TABLE audit");

        using var response = await client.PostAsync("/tools/shell", Json.Body("{\"command\":\"echo hi\"}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await Json.ReadAsync(response);
        Assert.Equal("audit-unavailable", problem.Text("rule"));
        Assert.DoesNotContain(await _tools.ReceivedAsync(_tools.Shell), r => r.Headers.GetValueOrDefault("X-ToolGate-Agent-Id") == id);
    }

    [Fact]
    public async Task AuditQuery_FiltersAndPages()
    {
        var (id, client) = await AgentAsync();
        for (var i = 0; i < 5; i++)
        {
            using var _ = await client.PostAsync("/tools/shell", Json.Body("{\"command\":\"cat x\"}"));
        }

        var page1 = await _gateway.Admin.GetFromJsonAsync<JsonElement>($"/v1/audit?agentId={id}&decision=deny&limit=2");
        var next = page1.GetProperty("next").GetString();
        var page2 = await _gateway.Admin.GetFromJsonAsync<JsonElement>($"/v1/audit?agentId={id}&decision=deny&limit=2&cursor={next}");

        Assert.Equal(2, page1.GetProperty("items").GetArrayLength());
        Assert.Equal(2, page2.GetProperty("items").GetArrayLength());
        var sequences = page1.GetProperty("items").EnumerateArray().Concat(page2.GetProperty("items").EnumerateArray())
            .Select(r => r.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(4, sequences.Distinct().Count());

        using var bad = await _gateway.Admin.GetAsync("/v1/audit?decision=maybe&limit=0&from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await Json.ReadAsync(bad)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("decision", out _) && errors.TryGetProperty("limit", out _) && errors.TryGetProperty("from", out _));
    }

    private async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_gateway.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
