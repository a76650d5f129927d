using System.Net;
using System.Text;
using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Pipeline;

/// <summary>Whatever cannot be read exactly is refused with a reason and audited, never forwarded unclassified.</summary>
public sealed class ClassificationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly GatewayHarness _gateway = fixture.Gateway;

    public static TheoryData<string, string?, string?, HttpStatusCode, string> BadRequests => new()
    {
        { "/tools/shell", null, "application/json", HttpStatusCode.BadRequest, "the request has no body" },
        { "/tools/shell", "{\"command\": ", "application/json", HttpStatusCode.BadRequest, "the body is not valid JSON" },
        { "/tools/shell", "[\"echo hi\"]", "application/json", HttpStatusCode.BadRequest, "the body must be a JSON object" },
        { "/tools/shell", "{\"cwd\": \"/tmp\"}", "application/json", HttpStatusCode.BadRequest, "field 'command' is missing" },
        { "/tools/shell", "{\"command\": 42}", "application/json", HttpStatusCode.BadRequest, "field 'command' must be a string, not number" },
        { "/tools/shell", "{\"command\": \"echo hi\", \"command\": \"rm -rf /\"}", "application/json", HttpStatusCode.BadRequest, "the body is not valid JSON" },
        { "/tools/shell", "command=echo+hi", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType, "the body must be application/json" },
        { "/tools/compute/jobs", "{\"image\": \"x\", \"gpus\": 1.5, \"durationSeconds\": 10}", "application/json", HttpStatusCode.BadRequest, "field 'gpus' must be a whole number" },
        { "/tools/fetch", "{\"url\": null}", "application/json", HttpStatusCode.BadRequest, "field 'url' must be a string, not null" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task UnreadableRequest_IsRefusedAuditedAndNotForwarded(string path, string? body, string? mediaType, HttpStatusCode status, string reasonStart)
    {
        var (id, _, client) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "shell", allow = new[] { "echo *" } });
        using var content = body is null ? null : new StringContent(body, Encoding.UTF8, mediaType!);

        using var response = await client.PostAsync(path, content);

        Assert.Equal(status, response.StatusCode);
        var problem = await Json.ReadAsync(response);
        Assert.StartsWith(reasonStart, problem.Text("reason"), StringComparison.Ordinal);
        Assert.Equal("unclassifiable", problem.Text("rule"));
        var record = Assert.Single(await _gateway.AuditAsync("agentId=" + id));
        Assert.Equal("deny", record.Text("decision"));
        await AssertNoToolSawAsync(id);
    }

    [Fact]
    public async Task CompressedBody_IsRefused()
    {
        var (id, _, client) = await _gateway.CreateAgentAsync();
        using var content = Json.Body("{\"command\": \"echo hi\"}");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await client.PostAsync("/tools/shell", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("content encoding 'gzip' is not accepted", (await Json.ReadAsync(response)).Text("reason"));
        await AssertNoToolSawAsync(id);
    }

    [Fact]
    public async Task OversizedBody_Is413()
    {
        var (id, _, client) = await _gateway.CreateAgentAsync();
        var command = new string('a', 2 * 1024 * 1024);

        using var response = await client.PostAsync("/tools/shell", Json.Body("{\"command\": \"" + command + "\"}"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertNoToolSawAsync(id);
    }

    [Theory]
    [InlineData("GET", "/tools/shell")]
    [InlineData("POST", "/tools/unknown")]
    [InlineData("POST", "/v1/agents")]
    public async Task NoToolRoute_Is400WithReason(string method, string path)
    {
        var (id, _, client) = await _gateway.CreateAgentAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "GET" ? null : Json.Body("{}") };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"no tool route matches {method} {path}", (await Json.ReadAsync(response)).Text("reason"));
        Assert.Single(await _gateway.AuditAsync("agentId=" + id));
    }

    private async Task AssertNoToolSawAsync(string agentId)
    {
        foreach (var tool in new[] { fixture.Tools.Shell, fixture.Tools.Fetch, fixture.Tools.Compute })
        {
            Assert.DoesNotContain(await fixture.Tools.ReceivedAsync(tool), r => r.Headers.GetValueOrDefault("X-ToolGate-Agent-Id") == agentId);
        }
    }
}
