using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ToolGate.Gateway.Tests.Infrastructure;
using ToolGate.Samples.ComputeTool;

namespace ToolGate.Gateway.Tests.Upstreams;

/// <summary>
/// The real gateway in front of a compute backend that dies, hangs or says it is unavailable. Each test has its
/// own gateway, so breaker state never leaks between tests.
/// </summary>
public sealed class ResilientUpstreamTests
{
    private const string Metadata = "ReverseProxy:Clusters:compute:Metadata:ToolGate.Upstream.";

    [Fact]
    public async Task KilledTool_Gives502_ThenTheCircuitOpens_503WithRetryAfter_AndTheRestartedToolRecoversByItself()
    {
        var tool = ComputeToolApp.Create(["--urls=http://127.0.0.1:0"]);
        await tool.StartAsync();
        var url = SampleTools.UrlOf(tool);
        await using var gateway = await StartGatewayAsync(url, breakSeconds: 2);
        using var client = await ComputeAgentAsync(gateway);
        using (var healthy = await CallAsync(client))
        {
            Assert.Equal(HttpStatusCode.Created, healthy.StatusCode);
        }

        await tool.StopAsync();
        await tool.DisposeAsync();

        // One success and one failure already reach the 0.5 ratio over 2 calls; allow a few more for a pooled connection.
        var unreachable = new List<string>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 6 && refused is null; i++)
        {
            var response = await CallAsync(client);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                refused = response;
                break;
            }

            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            unreachable.Add((await Json.ReadAsync(response)).Text("rule"));
            response.Dispose();
        }

        Assert.NotNull(refused);
        using (refused)
        {
            Assert.NotEmpty(unreachable);
            Assert.All(unreachable, rule => Assert.Equal("upstream", rule));
            var problem = await Json.ReadAsync(refused);
            Assert.Equal("upstream.circuit-open", problem.Text("rule"));
            Assert.Contains("circuit breaker of tool backend cluster 'compute' is open", problem.Text("reason"), StringComparison.Ordinal);
            Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
            var outcome = await OutcomeAsync(gateway, problem.Text("decisionId"));
            Assert.Equal(("error", "upstream.circuit-open", 503), (outcome.Text("decision"), outcome.Text("rule"), outcome.GetProperty("status").GetInt32()));
        }

        var open = await UpstreamAsync(gateway, "compute");
        Assert.Equal("open", open.Text("state"));
        Assert.Equal(JsonValueKind.String, open.GetProperty("openUntil").ValueKind);
        Assert.StartsWith("request failed (ConnectionError)", open.GetProperty("lastFailure").Text("reason"), StringComparison.Ordinal);

        var restarted = ComputeToolApp.Create([$"--urls={url}"]);
        await restarted.StartAsync();
        try
        {
            await UntilCreatedAsync(client);

            // Only the probe reached the restarted tool: nothing the open circuit refused.
            Assert.Single(await ReceivedAsync(url));
            Assert.Equal("closed", (await UpstreamAsync(gateway, "compute")).Text("state"));
            using var after = await CallAsync(client);
            Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        }
        finally
        {
            await restarted.StopAsync();
            await restarted.DisposeAsync();
        }
    }

    [Fact]
    public async Task SlowTool_Is504UpstreamTimeout_Audited_AndTimeoutsOpenTheCircuit()
    {
        await using var tool = await ScriptedToolServer.StartAsync();
        tool.Delay = TimeSpan.FromSeconds(30);
        await using var gateway = await StartGatewayAsync(tool.Url, breakSeconds: 60, timeoutSeconds: "0.5");
        using var client = await ComputeAgentAsync(gateway);

        var started = Stopwatch.GetTimestamp();
        using var first = await CallAsync(client);
        var waited = Stopwatch.GetElapsedTime(started);

        Assert.Equal(HttpStatusCode.GatewayTimeout, first.StatusCode);
        Assert.True(waited < TimeSpan.FromSeconds(15), $"the gateway waited {waited} for a tool that answers after 30 s");
        var problem = await Json.ReadAsync(first);
        Assert.Equal("upstream.timeout", problem.Text("rule"));
        Assert.Equal("the tool backend of cluster 'compute' did not answer within 0.5 s", problem.Text("reason"));
        var outcome = await OutcomeAsync(gateway, problem.Text("decisionId"));
        Assert.Equal(("error", "upstream.timeout", 504), (outcome.Text("decision"), outcome.Text("rule"), outcome.GetProperty("status").GetInt32()));

        using var second = await CallAsync(client);
        using var third = await CallAsync(client);

        Assert.Equal(HttpStatusCode.GatewayTimeout, second.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode);
        Assert.Equal("upstream.circuit-open", (await Json.ReadAsync(third)).Text("rule"));
        Assert.Equal(2, tool.Calls);
    }

    [Fact]
    public async Task ToolAnswering503_PassesThrough_ThenTheOpenCircuitAnswersWithoutCallingIt_UntilTheProbeFindsItWell()
    {
        await using var tool = await ScriptedToolServer.StartAsync();
        tool.Status = StatusCodes.Status503ServiceUnavailable;
        await using var gateway = await StartGatewayAsync(tool.Url, breakSeconds: 1);
        using var client = await ComputeAgentAsync(gateway);

        for (var i = 0; i < 2; i++)
        {
            using var own = await CallAsync(client);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, own.StatusCode);
            Assert.Empty(await own.Content.ReadAsByteArrayAsync());
        }

        using (var refused = await CallAsync(client))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("upstream.circuit-open", (await Json.ReadAsync(refused)).Text("rule"));
        }

        Assert.Equal(2, tool.Calls);
        Assert.Equal("the backend answered 503", (await UpstreamAsync(gateway, "compute")).GetProperty("lastFailure").Text("reason"));

        tool.Status = StatusCodes.Status201Created;
        await UntilCreatedAsync(client);

        Assert.Equal(3, tool.Calls);
    }

    private static async Task<GatewayHarness> StartGatewayAsync(Uri compute, double breakSeconds, string timeoutSeconds = "5")
    {
        var tools = await SampleTools.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:compute:Destinations:local:Address"] = compute.ToString(),
            [Metadata + "TimeoutSeconds"] = timeoutSeconds,
            [Metadata + "BreakerFailureRatio"] = "0.5",
            [Metadata + "BreakerMinimumThroughput"] = "2",
            [Metadata + "BreakerSamplingSeconds"] = "60",
            [Metadata + "BreakDurationSeconds"] = breakSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        try
        {
            return await GatewayHarness.StartAsync(tools, settings);
        }
        finally
        {
            // The compute cluster points elsewhere; the sample tools only fill the other clusters' addresses.
            await tools.DisposeAsync();
        }
    }

    private static async Task<HttpClient> ComputeAgentAsync(GatewayHarness gateway)
    {
        var (id, _, client) = await gateway.CreateAgentAsync();
        await gateway.GrantAsync(new { agentId = id, capability = "compute", maxGpus = 1, maxDurationSeconds = 60, images = new[] { "img" } });
        return client;
    }

    private static Task<HttpResponseMessage> CallAsync(HttpClient client) =>
        client.PostAsync("/tools/compute/jobs", Json.Body("{\"image\":\"img\",\"gpus\":1,\"durationSeconds\":10}"));

    /// <summary>Calls until the tool answers again; every refusal meanwhile must be the open circuit's.</summary>
    private static async Task UntilCreatedAsync(HttpClient client)
    {
        for (var i = 0; i < 100; i++)
        {
            using var response = await CallAsync(client);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("upstream.circuit-open", (await Json.ReadAsync(response)).Text("rule"));
            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System);
        }

        Assert.Fail("the tool did not answer again within 20 s of its restart");
    }

    private static async Task<JsonElement> OutcomeAsync(GatewayHarness gateway, string decisionId)
    {
        // The outcome record is queued after the response.
        for (var i = 0; i < 100; i++)
        {
            var records = await gateway.AuditAsync("decisionId=" + decisionId);
            if (records.Count == 2)
            {
                Assert.Equal("allow", records[0].Text("decision"));
                return records[1];
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }

        throw new Xunit.Sdk.XunitException($"no outcome record for decision {decisionId}");
    }

    private static async Task<JsonElement> UpstreamAsync(GatewayHarness gateway, string clusterId)
    {
        var upstreams = await gateway.Admin.GetFromJsonAsync<JsonElement>("/v1/upstreams");
        return upstreams.EnumerateArray().Single(u => u.Text("clusterId") == clusterId);
    }

    private static async Task<List<JsonElement>> ReceivedAsync(Uri tool)
    {
        using var http = new HttpClient();
        return await http.GetFromJsonAsync<List<JsonElement>>(new Uri(tool, "/received")) ?? [];
    }
}
