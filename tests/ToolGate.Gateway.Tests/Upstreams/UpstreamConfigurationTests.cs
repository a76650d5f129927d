using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ToolGate.Gateway.Hosting;
using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Upstreams;

public sealed class UpstreamConfigurationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task UpstreamsApi_ListsEveryCluster_WithStateAndEffectiveSettings()
    {
        var upstreams = await fixture.Gateway.Admin.GetFromJsonAsync<JsonElement>("/v1/upstreams");

        Assert.Equal(["compute", "fetch", "shell"], upstreams.EnumerateArray().Select(u => u.Text("clusterId")));
        Assert.All(upstreams.EnumerateArray(), u => Assert.Equal("closed", u.Text("state")));
        var timeouts = upstreams.EnumerateArray().Select(u => u.GetProperty("settings").GetProperty("timeoutSeconds").GetDouble());
        Assert.Equal([20, 20, 50], timeouts);
    }

    [Fact]
    public async Task UpstreamsApi_NeedsTheAdminKey()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Gateway.AdminUrl };

        using var response = await anonymous.GetAsync("/v1/upstreams");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task InvalidClusterMetadata_StopsStartUp_NamingClusterAndKey()
    {
        var error = await StartUpFailureAsync(new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:compute:Metadata:ToolGate.Upstream.BreakerFailureRatio"] = "1.5",
        });

        Assert.Contains(
            "ReverseProxy:Clusters:compute:Metadata:ToolGate.Upstream.BreakerFailureRatio: '1.5' is not a number from 0.01 to 1",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeoutNotShorterThanTheActivityTimeout_StopsStartUp()
    {
        var error = await StartUpFailureAsync(new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:fetch:Metadata:ToolGate.Upstream.TimeoutSeconds"] = "30",
        });

        Assert.Contains(
            "ReverseProxy:Clusters:fetch:Metadata:ToolGate.Upstream.TimeoutSeconds: the timeout (30 s) must be shorter than the cluster's HttpRequest:ActivityTimeout (00:00:30)",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUpstreamOptions_StopStartUp_NamingEveryField()
    {
        var error = Assert.Throws<ToolGateStartupException>(() => GatewayHarness.Build(new Dictionary<string, string?>
        {
            ["ToolGate:Upstreams:TimeoutSeconds"] = "0",
            ["ToolGate:Upstreams:BreakerMinimumThroughput"] = "1",
        }));

        Assert.Contains("ToolGate:Upstreams:TimeoutSeconds", error.Message, StringComparison.Ordinal);
        Assert.Contains("ToolGate:Upstreams:BreakerMinimumThroughput", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigurationReload_AppliesNewBreakerSettings_AndKeepsThePreviousOnesWhenInvalid()
    {
        await using var tools = await SampleTools.StartAsync();
        await using var gateway = await GatewayHarness.StartAsync(tools);
        var configuration = (IConfigurationRoot)gateway.Services.GetRequiredService<IConfiguration>();
        const string key = "ReverseProxy:Clusters:compute:Metadata:ToolGate.Upstream.BreakDurationSeconds";

        configuration[key] = "42";
        configuration.Reload();
        await UntilBreakDurationAsync(gateway, 42);

        configuration[key] = "forever";
        configuration.Reload();
        configuration[key] = "43";
        configuration.Reload();
        await UntilBreakDurationAsync(gateway, 43);
        configuration[key] = "0";
        configuration.Reload();
        await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System);

        Assert.Equal(43, await BreakDurationAsync(gateway));
    }

    private static async Task UntilBreakDurationAsync(GatewayHarness gateway, double seconds)
    {
        // YARP applies a configuration change in the background.
        for (var i = 0; i < 100 && await BreakDurationAsync(gateway) != seconds; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }

        Assert.Equal(seconds, await BreakDurationAsync(gateway));
    }

    private static async Task<double> BreakDurationAsync(GatewayHarness gateway)
    {
        var upstreams = await gateway.Admin.GetFromJsonAsync<JsonElement>("/v1/upstreams");
        return upstreams.EnumerateArray().Single(u => u.Text("clusterId") == "compute")
            .GetProperty("settings").GetProperty("breakDurationSeconds").GetDouble();
    }

    private static async Task<ToolGateStartupException> StartUpFailureAsync(Dictionary<string, string?> overrides)
    {
        var root = Directory.CreateTempSubdirectory("toolgate-upstreams-").FullName;
        try
        {
            var policies = Path.Combine(root, "policies");
            GatewayHarness.CopyShippedGuardrails(policies);
            var settings = new Dictionary<string, string?>(overrides)
            {
                ["ToolGate:Listen:Agents"] = "http://127.0.0.1:0",
                ["ToolGate:Listen:Admin"] = "http://127.0.0.1:0",
                ["ToolGate:Listen:Egress"] = "http://127.0.0.1:0",
                ["ToolGate:DataDirectory"] = Path.Combine(root, "data"),
                ["ToolGate:PoliciesDirectory"] = policies,
                ["ToolGate:Admin:ApiKey"] = GatewayHarness.AdminKey,
            };

            // YARP loads (and its filters check) the proxy configuration while the app is built or started, and wraps what they throw.
            var thrown = await Record.ExceptionAsync(async () =>
            {
                await using var app = GatewayHarness.Build(settings);
                await app.StartAsync();
                await app.StopAsync();
            });
            for (var e = thrown; e is not null; e = e.InnerException)
            {
                if (e is ToolGateStartupException startup)
                {
                    return startup;
                }
            }

            throw new Xunit.Sdk.XunitException("the gateway started, or failed for another reason: " + thrown);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
