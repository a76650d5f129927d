using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Identify;

public sealed class IdentifyTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly GatewayHarness _gateway = fixture.Gateway;

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer tg_not-a-real-key")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer " + GatewayHarness.AdminKey)]
    public async Task ToolCall_WithoutValidAgentKey_Is401Problem(string? authorization)
    {
        using var client = new HttpClient { BaseAddress = _gateway.AgentsUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tools/shell") { Content = Json.Body("{\"command\":\"ls\"}") };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("identify", (await Json.ReadAsync(response)).Text("rule"));
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task AdminScheme_IsNotTheDefault_SoToolCallsNeverRunIt()
    {
        // ASP.NET Core makes a lone scheme the default, and the authentication middleware would then try the admin
        // key on every tool call (cost, and a log line per call). Only endpoints whose policy names it run it.
        var schemes = _gateway.Services.GetRequiredService<IAuthenticationSchemeProvider>();

        Assert.Null(await schemes.GetDefaultAuthenticateSchemeAsync());
        using var anonymous = new HttpClient { BaseAddress = _gateway.AdminUrl };
        using var response = await anonymous.GetAsync("/v1/agents");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task RevokedAgent_KeyStopsWorkingAtOnce()
    {
        var (id, _, client) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "shell", allow = new[] { "ls" } });
        using (var before = await client.PostAsync("/tools/shell", Json.Body("{\"command\":\"ls\"}")))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (var revoke = await _gateway.Admin.DeleteAsync($"/v1/agents/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using var after = await client.PostAsync("/tools/shell", Json.Body("{\"command\":\"ls\"}"));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task ForgedIdentityHeaders_AreStrippedAndIgnored()
    {
        var (victim, _, _) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = victim, capability = "shell", allow = new[] { "ls" } });
        var (attacker, _, client) = await _gateway.CreateAgentAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tools/shell") { Content = Json.Body("{\"command\":\"ls\"}") };
        request.Headers.Add("X-ToolGate-Agent-Id", victim);
        request.Headers.Add("x-toolgate-agent", victim);

        using var response = await client.SendAsync(request);

        // Decided as the key's owner, who has no grant: denied.
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var record = Assert.Single(await _gateway.AuditAsync("decisionId=" + (await Json.ReadAsync(response)).Text("decisionId")));
        Assert.Equal(attacker, record.Text("agentId"));
    }

    [Fact]
    public async Task AgentKey_IsRejectedOnAdminListener()
    {
        var (_, key, _) = await _gateway.CreateAgentAsync();
        using var client = new HttpClient { BaseAddress = _gateway.AdminUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        using var response = await client.GetAsync("/v1/agents");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AdminApi_IsNotServedOnAgentListener()
    {
        using var client = new HttpClient { BaseAddress = _gateway.AgentsUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GatewayHarness.AdminKey);

        using var agents = await client.GetAsync("/v1/agents");
        using var swagger = await client.GetAsync("/swagger/v1/swagger.json");

        Assert.Equal(HttpStatusCode.Unauthorized, agents.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, swagger.StatusCode);
    }

    [Fact]
    public async Task ToolRoutes_AreNotServedOnAdminListener()
    {
        using var response = await _gateway.Admin.PostAsync("/tools/shell", Json.Body("{\"command\":\"ls\"}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Swagger_IsServedOnAdminListener()
    {
        using var client = new HttpClient { BaseAddress = _gateway.AdminUrl };

        var document = await client.GetStringAsync("/swagger/v1/swagger.json");
        using var ui = await client.GetAsync("/swagger/index.html");

        Assert.Contains("/v1/grants", document, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
    }
}
