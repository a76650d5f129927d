using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ToolGate.Gateway.Network;
using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Pipeline;

/// <summary>
/// The operator opens loopback so the fetch tool can reach a loopback upstream; nothing else is opened. Names
/// resolve through a stub: <c>loopback.test</c> (only the gateway knows it) and <c>internal.test</c> (private).
/// </summary>
public sealed class LoopbackOpenedFixture : GatewayFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ToolGate:Egress:AllowedNetworks:0"] = "127.0.0.1/32",
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IHostResolver>(new StubResolver().Answer("loopback.test", "127.0.0.1").Answer("internal.test", "10.0.0.5"));
}

public sealed class NetworkAndComputeTests(LoopbackOpenedFixture fixture) : IClassFixture<LoopbackOpenedFixture>
{
    private readonly GatewayHarness _gateway = fixture.Gateway;

    [Fact]
    public async Task GrantedFetchOfAName_TheToolDialsTheAddressTheGatewayChecked()
    {
        // The fetch tool cannot resolve loopback.test itself: it succeeds only by dialling the address it was given.
        var upstream = SampleTools.UrlOf(fixture.Tools.Compute);
        var (id, _, client) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "network", allow = new[] { $"http://loopback.test:{upstream.Port}" } });

        using var response = await client.PostAsync("/tools/fetch", Json.Body(JsonSerializer.Serialize(new { url = $"http://loopback.test:{upstream.Port}/healthz" })));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(200, (await Json.ReadAsync(response)).GetProperty("status").GetInt32());
        var decision = (await _gateway.AuditAsync($"agentId={id}")).Single(r => r.Text("stage") == "decision");
        Assert.Equal($"127.0.0.1:{upstream.Port}", decision.GetProperty("detail").Text("address"));
    }

    [Fact]
    public async Task FetchOfANameThatResolvesToAPrivateAddress_IsDenied_AndNeverReachesTheTool()
    {
        var (id, _, client) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "network", allow = new[] { "*" } });
        using var response = await client.PostAsync("/tools/fetch", Json.Body("{\"url\":\"http://internal.test/admin\"}"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await Json.ReadAsync(response);
        Assert.Equal("guardrail:network.address-class", problem.Text("rule"));
        Assert.Contains("10.0.0.5", problem.Text("reason"), StringComparison.Ordinal);
        Assert.DoesNotContain(await fixture.Tools.ReceivedAsync(fixture.Tools.Fetch), r => r.Headers.GetValueOrDefault("X-ToolGate-Agent-Id") == id);
    }

    [Fact]
    public async Task GrantedFetch_ReachesTheUpstreamThroughTheFetchTool()
    {
        var upstream = SampleTools.UrlOf(fixture.Tools.Compute);
        var (id, _, client) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "network", allow = new[] { $"http://127.0.0.1:{upstream.Port}" } });

        using var response = await client.PostAsync("/tools/fetch", Json.Body(JsonSerializer.Serialize(new { url = new Uri(upstream, "/healthz").ToString() })));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(200, (await Json.ReadAsync(response)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task FetchTool_ReceivesTheCanonicalUrlThatWasChecked()
    {
        var upstream = SampleTools.UrlOf(fixture.Tools.Compute);
        var (id, _, client) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "network", allow = new[] { $"http://127.0.0.1:{upstream.Port}/tools" } });
        var spelled = $"HTTP://127.0.0.1:{upstream.Port}/tools/x/../compute/jobs?limit=1#frag";

        using var response = await client.PostAsync("/tools/fetch", Json.Body(JsonSerializer.Serialize(new { url = spelled })));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = (await fixture.Tools.ReceivedAsync(fixture.Tools.Fetch)).Single(r => r.Headers.GetValueOrDefault("X-ToolGate-Agent-Id") == id);
        Assert.Equal($"http://127.0.0.1:{upstream.Port}/tools/compute/jobs?limit=1", JsonDocument.Parse(call.Body).RootElement.Text("url"));
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data", "guardrail:network.address-class")]
    [InlineData("http://10.0.0.5/", "guardrail:network.address-class")]
    [InlineData("http://127.0.0.1:1/", "default-deny")]
    [InlineData("https://evil.example/", "default-deny")]
    [InlineData("http://user@127.0.0.1:1/", "network.invalid-target")]
    public async Task UngrantedOrGuardedFetch_IsDeniedAndNeverReachesTheTool(string url, string rule)
    {
        var (id, _, client) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "network", allow = new[] { "https://api.github.com" } });

        using var response = await client.PostAsync("/tools/fetch", Json.Body(JsonSerializer.Serialize(new { url })));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(rule, (await Json.ReadAsync(response)).Text("rule"));
        Assert.DoesNotContain(await fixture.Tools.ReceivedAsync(fixture.Tools.Fetch), r => r.Headers.GetValueOrDefault("X-ToolGate-Agent-Id") == id);
    }

    [Theory]
    [InlineData("registry.local/train:v2", 1, 600, HttpStatusCode.Created)]
    [InlineData("registry.local/train:v2", 2, 600, HttpStatusCode.Forbidden)]
    [InlineData("registry.local/train:v2", 1, 7200, HttpStatusCode.Forbidden)]
    [InlineData("docker.io/xmrig/xmrig:latest", 1, 600, HttpStatusCode.Forbidden)]
    public async Task ComputeJobs_AreAdmittedOnlyWithinTheGrant(string image, int gpus, int durationSeconds, HttpStatusCode expected)
    {
        var (id, _, client) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "compute", maxGpus = 1, maxDurationSeconds = 3600, images = new[] { "registry.local/train:*" }, commands = new[] { "echo *" } });

        using var response = await client.PostAsync("/tools/compute/jobs", Json.Body(JsonSerializer.Serialize(new { image, command = "echo train", gpus, durationSeconds })));

        Assert.Equal(expected, response.StatusCode);
        var reached = (await fixture.Tools.ReceivedAsync(fixture.Tools.Compute)).Count(r => r.Headers.GetValueOrDefault("X-ToolGate-Agent-Id") == id);
        Assert.Equal(expected == HttpStatusCode.Created ? 1 : 0, reached);
    }
}
