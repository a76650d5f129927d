using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ToolGate.Gateway.Tests.Egress;
using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Budgets;

/// <summary>Byte budgets of network grants on the egress proxy, against a real loopback echo server.</summary>
public sealed class EgressBudgetTests(EgressFixture fixture) : IClassFixture<EgressFixture>
{
    private readonly GatewayHarness _gateway = fixture.Gateway;

    [Fact]
    public async Task ATunnelThatWouldOverdrawTheBudget_IsCutBeforeTheBytesLeave_AndTheNextIsRefused429()
    {
        using var echo = new CountingTcpServer(IPAddress.Loopback);
        var (id, key, _) = await _gateway.CreateAgentAsync();
        var grantId = await _gateway.GrantAsync(new
        {
            agentId = id, capability = "network", allow = new[] { $"127.0.0.1:{echo.EndPoint.Port}" }, bytesPerWindow = 800, windowSeconds = 3_600,
        });
        using var proxy = await ProxyClient.OpenAsync(_gateway.EgressUrl);
        Assert.Equal(200, (await proxy.ConnectAsync($"127.0.0.1:{echo.EndPoint.Port}", key)).Status);

        // 400 up and 400 echoed down: all 800 spent. The next 400 up would overdraw: cut, not sent.
        await proxy.Stream.WriteAsync(new byte[400]);
        await ReadExactlyAsync(proxy.Stream, 400);
        await proxy.Stream.WriteAsync(new byte[400]);

        Assert.True(await proxy.ClosesWithinAsync(TimeSpan.FromSeconds(5)), "the tunnel outlived its byte budget");
        Assert.Equal(400, echo.Received);
        var outcome = await OutcomeAsync(id);
        Assert.Equal("cut", outcome.GetProperty("detail").Text("closedBy"));
        Assert.Contains($"egress byte budget of grant {grantId} exhausted", outcome.Text("reason"), StringComparison.Ordinal);

        using var next = await ProxyClient.OpenAsync(_gateway.EgressUrl);
        var refused = await next.ConnectAsync($"127.0.0.1:{echo.EndPoint.Port}", key);
        Assert.Equal(429, refused.Status);
        Assert.Equal("budget:" + grantId, JsonDocument.Parse(await next.ReadToEndAsync()).RootElement.Text("rule"));
        var usage = (await _gateway.Admin.GetFromJsonAsync<JsonElement>($"/v1/agents/{id}/usage")).GetProperty("egress").EnumerateArray().Single();
        Assert.Equal(800, usage.GetProperty("usedBytes").GetInt64());
        Assert.Equal(0, usage.GetProperty("remainingBytes").GetInt64());
    }

    [Fact]
    public async Task ConcurrentTunnels_ShareOneAllowance()
    {
        using var echo = new CountingTcpServer(IPAddress.Loopback);
        var (id, key, _) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new
        {
            agentId = id, capability = "network", allow = new[] { $"127.0.0.1:{echo.EndPoint.Port}" }, bytesPerWindow = 1_000, windowSeconds = 3_600,
        });
        using var first = await ProxyClient.OpenAsync(_gateway.EgressUrl);
        using var second = await ProxyClient.OpenAsync(_gateway.EgressUrl);
        Assert.Equal(200, (await first.ConnectAsync($"127.0.0.1:{echo.EndPoint.Port}", key)).Status);
        Assert.Equal(200, (await second.ConnectAsync($"127.0.0.1:{echo.EndPoint.Port}", key)).Status);

        await first.Stream.WriteAsync(new byte[300]);
        await ReadExactlyAsync(first.Stream, 300);   // 600 spent
        await second.Stream.WriteAsync(new byte[300]);  // 300 more would be 900, echo back overdraws

        Assert.True(await second.ClosesWithinAsync(TimeSpan.FromSeconds(5)), "the second tunnel overdrew the shared budget");
        Assert.InRange(echo.Received, 600, 600);
    }

    [Fact]
    public async Task ByteBudgets_AreValidatedBothOrNeither()
    {
        var (id, _, _) = await _gateway.CreateAgentAsync();

        using var response = await _gateway.Admin.PostAsJsonAsync("/v1/grants", new { agentId = id, capability = "network", allow = new[] { "*:443" }, bytesPerWindow = 1_000 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("windowSeconds", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> OutcomeAsync(string agentId)
    {
        for (var i = 0; i < 50; i++)
        {
            if ((await _gateway.AuditAsync($"agentId={agentId}")).FirstOrDefault(r => r.Text("stage") == "outcome") is { ValueKind: JsonValueKind.Object } outcome)
            {
                return outcome;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        }

        throw new Xunit.Sdk.XunitException("no outcome record within 5 s");
    }

    private static async Task ReadExactlyAsync(Stream stream, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await stream.ReadExactlyAsync(new byte[count], timeout.Token);
    }
}
