using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ToolGate.Gateway.Network;
using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Egress;

/// <summary>
/// The gateway with loopback opened by the operator (so granted loopback servers stand in for the internet),
/// a stub resolver, two tunnels per agent and a short idle timeout; and the destinations the tests dial.
/// </summary>
public sealed class EgressFixture : GatewayFixture
{
    public StubResolver Resolver { get; } = new StubResolver()
        .Answer("internal.test", "10.0.0.5")
        .Answer("mixed.test", "127.0.0.1", "10.0.0.5")
        .Answer("granted.test", "127.0.0.1")
        .Answer("also-granted.test", "127.0.0.1");

    public LoopbackWebServer Tls { get; private set; } = null!;

    public LoopbackWebServer Plain { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ToolGate:Egress:AllowedNetworks:0"] = "127.0.0.1/32",
        ["ToolGate:Egress:MaxTunnelsPerAgent"] = "2",
        ["ToolGate:Egress:IdleTimeoutSeconds"] = "2",
        ["ToolGate:Egress:HeaderTimeoutSeconds"] = "2",
    };

    public override async Task InitializeAsync()
    {
        Tls = await LoopbackWebServer.StartAsync(tls: true);
        Plain = await LoopbackWebServer.StartAsync(tls: false);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Tls.DisposeAsync();
        await Plain.DisposeAsync();
    }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IHostResolver>(Resolver);
}

public sealed class EgressProxyTests(EgressFixture fixture) : IClassFixture<EgressFixture>
{
    private readonly GatewayHarness _gateway = fixture.Gateway;

    [Fact]
    public async Task Connect_WithoutProxyCredentials_Is407WithBasicChallenge()
    {
        using var proxy = await ProxyClient.OpenAsync(_gateway.EgressUrl);

        var response = await proxy.ConnectAsync($"127.0.0.1:{fixture.Tls.Port}", key: null);

        Assert.Equal(407, response.Status);
        Assert.Equal("Basic realm=\"ToolGate\"", response.Header("Proxy-Authenticate"));
        Assert.Contains("\"rule\":\"identify\"", await proxy.ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_WithAnotherAgentsRevokedKey_Is407()
    {
        var (id, key, _) = await _gateway.CreateAgentAsync();
        using (var revoke = await _gateway.Admin.DeleteAsync($"/v1/agents/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using var proxy = await ProxyClient.OpenAsync(_gateway.EgressUrl);
        Assert.Equal(407, (await proxy.ConnectAsync($"127.0.0.1:{fixture.Tls.Port}", key)).Status);
    }

    [Fact]
    public async Task HttpClient_ThroughHttpsProxy_ReachesGrantedTlsServer_AndTheTunnelIsAudited()
    {
        var (id, key, _) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "network", allow = new[] { $"https://127.0.0.1:{fixture.Tls.Port}" } });
        using var client = ProxiedClient(key);

        var body = await client.GetStringAsync(new Uri(fixture.Tls.Url, "/hello"));

        Assert.Equal("hello over tls", body);
        var records = await WaitForOutcomeAsync(id);
        var decision = Assert.Single(records, r => r.Text("stage") == "decision");
        Assert.Equal("allow", decision.Text("decision"));
        Assert.Equal($"127.0.0.1:{fixture.Tls.Port}", decision.GetProperty("detail").Text("address"));
        var outcome = Assert.Single(records, r => r.Text("stage") == "outcome");
        Assert.Equal(decision.Text("decisionId"), outcome.Text("decisionId"));
        Assert.True(outcome.GetProperty("detail").GetProperty("bytesUp").GetInt64() > 0);
        Assert.True(outcome.GetProperty("detail").GetProperty("bytesDown").GetInt64() > 0);
        Assert.Equal(200, outcome.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Curl_WithHttpsProxyEnvironment_ReachesGrantedTlsServer()
    {
        var (id, key, _) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "network", allow = new[] { $"127.0.0.1:{fixture.Tls.Port}" } });

        var (exitCode, output) = await CurlAsync($"http://agent:{key}@127.0.0.1:{_gateway.EgressUrl.Port}", new Uri(fixture.Tls.Url, "/hello"));

        Assert.True(exitCode == 0, $"curl failed ({exitCode}): {output}");
        Assert.Equal("hello over tls", output);
    }

    [Fact]
    public async Task Curl_ToUngrantedDestination_Gets403_AndTheDestinationSeesNothing()
    {
        using var destination = new CountingTcpServer(IPAddress.Loopback);
        var (id, key, _) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "network", allow = new[] { $"127.0.0.1:{fixture.Tls.Port}" } });

        var (exitCode, output) = await CurlAsync($"http://agent:{key}@127.0.0.1:{_gateway.EgressUrl.Port}",
            new Uri($"https://127.0.0.1:{destination.EndPoint.Port}/"));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("403", output, StringComparison.Ordinal);
        Assert.Equal(0, destination.Accepted);
    }

    [Fact]
    public async Task Connect_ToUngrantedPort_Is403ProblemWithDecisionId_AndIsAudited()
    {
        using var destination = new CountingTcpServer(IPAddress.Loopback);
        var (id, key, _) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "network", allow = new[] { $"127.0.0.1:{fixture.Tls.Port}" } });
        using var proxy = await ProxyClient.OpenAsync(_gateway.EgressUrl);

        var response = await proxy.ConnectAsync($"127.0.0.1:{destination.EndPoint.Port}", key);

        Assert.Equal(403, response.Status);
        var problem = JsonDocument.Parse(await proxy.ReadToEndAsync()).RootElement;
        Assert.Equal("default-deny", problem.Text("rule"));
        Assert.Equal(response.Header("X-ToolGate-Decision-Id"), problem.Text("decisionId"));
        var audit = await _gateway.AuditAsync($"agentId={id}");
        Assert.Equal("deny", Assert.Single(audit).Text("decision"));
        Assert.Equal(0, destination.Accepted);
    }

    [Theory]
    [InlineData("8.8.8.8:22", "*:443", "default-deny")]
    [InlineData("140.82.112.3:22", "140.82.112.3:443", "default-deny")]
    [InlineData("169.254.169.254:80", "*", "guardrail:network.address-class")]
    [InlineData("[::ffff:10.0.0.1]:443", "*", "guardrail:network.address-class")]
    [InlineData("internal.test:443", "*", "guardrail:network.address-class")]
    [InlineData("mixed.test:443", "*", "guardrail:network.address-class")]
    [InlineData("nowhere.test:443", "*", "network.unresolvable")]
    public async Task Connect_ToForbiddenDestination_IsDeniedBeforeDialling(string authority, string grant, string rule)
    {
        var (id, key, _) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "network", allow = new[] { grant } });
        using var proxy = await ProxyClient.OpenAsync(_gateway.EgressUrl);

        var response = await proxy.ConnectAsync(authority, key);

        Assert.Equal(403, response.Status);
        Assert.Equal(rule, JsonDocument.Parse(await proxy.ReadToEndAsync()).RootElement.Text("rule"));
        // Denied at the decision: nothing was dialled, so there is no outcome record.
        Assert.DoesNotContain(await _gateway.AuditAsync($"agentId={id}"), r => r.Text("stage") == "outcome");
    }

    [Fact]
    public async Task AbsoluteFormHttp_IsForwardedWithTheCheckedHost_AndWithoutProxyCredentials()
    {
        var (id, key, _) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "network", allow = new[] { $"http://127.0.0.1:{fixture.Plain.Port}" } });
        using var proxy = await ProxyClient.OpenAsync(_gateway.EgressUrl);

        // A Host header naming another site must not reach the destination (domain fronting).
        var response = await proxy.SendAsync(
            $"GET http://127.0.0.1:{fixture.Plain.Port}/hello HTTP/1.1\r\nHost: evil.example\r\nProxy-Authorization: {ProxyClient.Basic(key)}\r\nX-Trace: 1\r\n\r\n");

        Assert.Equal(200, response.Status);
        Assert.Contains("hello", await proxy.ReadToEndAsync(), StringComparison.Ordinal); // relayed as sent (chunked)
        var seen = fixture.Plain.Requests.Last(r => r.HeaderNames.Contains("X-Trace"));
        Assert.Equal($"127.0.0.1:{fixture.Plain.Port}", seen.Host);
        Assert.DoesNotContain("Proxy-Authorization", seen.HeaderNames, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task HttpClient_PlainHttpThroughProxy_PostsItsBody()
    {
        var (id, key, _) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "network", allow = new[] { $"http://127.0.0.1:{fixture.Plain.Port}/echo" } });
        using var client = ProxiedClient(key);

        using var response = await client.PostAsync(new Uri(fixture.Plain.Url, "/echo"), new StringContent("payload through the proxy"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("payload through the proxy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Stratum_OnAGrantedTunnel_IsCutBeforeAnyByteLeaves_AndAuditedCritical()
    {
        using var pool = new CountingTcpServer(IPAddress.Loopback);
        var (id, key, _) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "network", allow = new[] { $"127.0.0.1:{pool.EndPoint.Port}" } });
        using var proxy = await ProxyClient.OpenAsync(_gateway.EgressUrl);
        Assert.Equal(200, (await proxy.ConnectAsync($"127.0.0.1:{pool.EndPoint.Port}", key)).Status);

        await proxy.Stream.WriteAsync("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"cpuminer/2.5\"]}\n"u8.ToArray());

        Assert.True(await proxy.ClosesWithinAsync(TimeSpan.FromSeconds(10)), "the tunnel was not cut");
        Assert.Equal(0, pool.Received);
        var outcome = (await WaitForOutcomeAsync(id)).Single(r => r.Text("stage") == "outcome");
        Assert.Equal("deny", outcome.Text("decision"));
        Assert.Equal("critical", outcome.Text("severity"));
        Assert.Equal("guardrail:network.miner", outcome.Text("rule"));
        Assert.Contains("mining.subscribe", outcome.Text("reason"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("granted.test", true)]          // the CONNECT host itself
    [InlineData("also-granted.test", true)]     // another host the agent may reach
    [InlineData("evil.example", false)]         // a site nobody granted, asked of the granted address
    [InlineData("xmr.nanopool.org", false)]     // a pool behind a granted front end
    public async Task TlsServerName_MustBeTheConnectHostOrGrantedItself(string serverName, bool passes)
    {
        using var destination = new CountingTcpServer(IPAddress.Loopback);
        var port = destination.EndPoint.Port;
        var (id, key, _) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "network", allow = new[] { $"granted.test:{port}", $"also-granted.test:{port}" } });
        using var proxy = await ProxyClient.OpenAsync(_gateway.EgressUrl);
        Assert.Equal(200, (await proxy.ConnectAsync($"granted.test:{port}", key)).Status);

        // A real TLS client's hello (the echo server cannot finish the handshake; only what reaches it matters).
        using var tls = new SslStream(proxy.Stream, leaveInnerStreamOpen: true);
        var handshake = tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = serverName });
        await Assert.ThrowsAnyAsync<Exception>(() => handshake.WaitAsync(TimeSpan.FromSeconds(10)));

        var outcome = (await WaitForOutcomeAsync(id)).Single(r => r.Text("stage") == "outcome");
        if (passes)
        {
            Assert.True(destination.Received > 0, "the hello never reached the destination");
            Assert.Equal("allow", outcome.Text("decision"));
        }
        else
        {
            Assert.Equal(0, destination.Received);
            Assert.Equal("deny", outcome.Text("decision"));
            Assert.Equal("refused", outcome.GetProperty("detail").Text("closedBy"));
            Assert.Contains($"'{serverName}'", outcome.Text("reason"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Tunnel_RelaysBytesBothWays_UntilTheIdleTimeoutClosesIt()
    {
        using var echo = new CountingTcpServer(IPAddress.Loopback);
        var (id, key, _) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "network", allow = new[] { $"granted.test:{echo.EndPoint.Port}" } });
        using var proxy = await ProxyClient.OpenAsync(_gateway.EgressUrl);
        Assert.Equal(200, (await proxy.ConnectAsync($"granted.test:{echo.EndPoint.Port}", key)).Status);

        await proxy.Stream.WriteAsync("ping"u8.ToArray());
        var buffer = new byte[4];
        await proxy.Stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("ping", Encoding.ASCII.GetString(buffer));
        Assert.True(await proxy.ClosesWithinAsync(TimeSpan.FromSeconds(10)), "the idle tunnel stayed open");
        var outcome = (await WaitForOutcomeAsync(id)).Single(r => r.Text("stage") == "outcome");
        Assert.Equal("idle-timeout", outcome.GetProperty("detail").Text("closedBy"));
        Assert.Equal(4, outcome.GetProperty("detail").GetProperty("bytesUp").GetInt64());
        Assert.Equal(4, outcome.GetProperty("detail").GetProperty("bytesDown").GetInt64());
    }

    [Fact]
    public async Task OpenTunnels_AreLimitedPerAgent_AndCutWhenTheAgentIsRevoked()
    {
        using var echo = new CountingTcpServer(IPAddress.Loopback);
        var (id, key, _) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "network", allow = new[] { $"127.0.0.1:{echo.EndPoint.Port}" } });
        using var first = await ProxyClient.OpenAsync(_gateway.EgressUrl);
        using var second = await ProxyClient.OpenAsync(_gateway.EgressUrl);
        using var third = await ProxyClient.OpenAsync(_gateway.EgressUrl);
        Assert.Equal(200, (await first.ConnectAsync($"127.0.0.1:{echo.EndPoint.Port}", key)).Status);
        Assert.Equal(200, (await second.ConnectAsync($"127.0.0.1:{echo.EndPoint.Port}", key)).Status);

        var refused = await third.ConnectAsync($"127.0.0.1:{echo.EndPoint.Port}", key);
        var live = await _gateway.Admin.GetStringAsync($"/v1/agents/{id}/tunnels");
        using (var revoke = await _gateway.Admin.DeleteAsync($"/v1/agents/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        Assert.Equal(429, refused.Status);
        Assert.Equal(2, JsonDocument.Parse(live).RootElement.GetArrayLength());
        Assert.True(await first.ClosesWithinAsync(TimeSpan.FromSeconds(5)), "revocation did not cut the first tunnel");
        Assert.True(await second.ClosesWithinAsync(TimeSpan.FromSeconds(5)), "revocation did not cut the second tunnel");
        var outcomes = (await WaitForOutcomeAsync(id, count: 2)).Where(r => r.Text("stage") == "outcome").ToList();
        Assert.All(outcomes, o => Assert.Equal("cut", o.GetProperty("detail").Text("closedBy")));
    }

    [Fact]
    public async Task DeletingTheGrant_CutsTheTunnelItOpened()
    {
        using var echo = new CountingTcpServer(IPAddress.Loopback);
        var (id, key, _) = await _gateway.CreateAgentAsync();
        var grantId = await _gateway.GrantAsync(new { agentId = id, capability = "network", allow = new[] { $"127.0.0.1:{echo.EndPoint.Port}" } });
        using var proxy = await ProxyClient.OpenAsync(_gateway.EgressUrl);
        Assert.Equal(200, (await proxy.ConnectAsync($"127.0.0.1:{echo.EndPoint.Port}", key)).Status);
        await proxy.Stream.WriteAsync("still here"u8.ToArray());

        using (var deleted = await _gateway.Admin.DeleteAsync($"/v1/grants/{grantId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        Assert.True(await proxy.ClosesWithinAsync(TimeSpan.FromSeconds(5)), "the tunnel outlived its grant");
        var outcome = (await WaitForOutcomeAsync(id)).Single(r => r.Text("stage") == "outcome");
        Assert.Equal("cut", outcome.GetProperty("detail").Text("closedBy"));
        Assert.Contains("no longer allowed", outcome.Text("reason"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CONNECT  127.0.0.1:1 HTTP/1.1\r\n\r\n", 400)]
    [InlineData("CONNECT 127.0.0.1:1 HTTP/2.0\r\n\r\n", 400)]
    [InlineData("CONNECT 127.0.0.1:1 HTTP/1.1\r\n X-Folded: yes\r\n\r\n", 400)]
    [InlineData("CONNECT 127.0.0.1:1 HTTP/1.1\r\nX-Bad : space\r\n\r\n", 400)]
    public async Task MalformedRequestHead_Is400(string head, int status)
    {
        using var proxy = await ProxyClient.OpenAsync(_gateway.EgressUrl);

        Assert.Equal(status, (await proxy.SendAsync(head)).Status);
    }

    [Fact]
    public async Task OversizedRequestHead_Is431_AndASlowHeadTimesOut()
    {
        using (var large = await ProxyClient.OpenAsync(_gateway.EgressUrl))
        {
            var response = await large.SendAsync("CONNECT 127.0.0.1:1 HTTP/1.1\r\nX-Pad: " + new string('a', 20_000) + "\r\n\r\n");
            Assert.Equal(431, response.Status);
        }

        using var slow = await ProxyClient.OpenAsync(_gateway.EgressUrl);
        await slow.Stream.WriteAsync("CONNECT 127.0.0.1:1 HTTP/1.1\r\n"u8.ToArray());
        Assert.Equal(408, (await slow.ReadResponseHeadAsync()).Status);
    }

    [Fact]
    public async Task AChunkedRequestBody_IsForwardedToItsEnd_AndNotOneByteMore()
    {
        var (id, key, _) = await _gateway.CreateAgentAsync();
        await _gateway.GrantAsync(new { agentId = id, capability = "network", allow = new[] { $"http://127.0.0.1:{fixture.Plain.Port}/echo" } });
        using var proxy = await ProxyClient.OpenAsync(_gateway.EgressUrl);
        var smuggledPath = "/smuggled-" + Guid.NewGuid().ToString("N");
        var smuggled = $"GET {smuggledPath} HTTP/1.1\r\nHost: 127.0.0.1:{fixture.Plain.Port}\r\n\r\n";

        await proxy.Stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST http://127.0.0.1:{fixture.Plain.Port}/echo HTTP/1.1\r\nHost: 127.0.0.1:{fixture.Plain.Port}\r\n" +
            $"Proxy-Authorization: {ProxyClient.Basic(key)}\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n" +
            "5;ext=1\r\nchunk\r\n7\r\ned body\r\n0\r\n\r\n" + smuggled));
        var answer = await proxy.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
        Assert.Contains("\r\nchunked body\r\n", answer, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Plain.Requests, r => r.Path == smuggledPath);
        Assert.DoesNotContain(smuggledPath, answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET /relative HTTP/1.1\r\n", 400)]
    [InlineData("GET https://127.0.0.1:1/ HTTP/1.1\r\n", 400)]
    [InlineData("POST http://127.0.0.1:1/ HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n", 400)]
    [InlineData("POST http://127.0.0.1:1/ HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n", 400)]
    [InlineData("POST http://127.0.0.1:1/ HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n", 400)]
    [InlineData("CONNECT http://127.0.0.1:1 HTTP/1.1\r\n", 400)]
    public async Task UnclassifiableRequest_IsRefused_AndAudited(string requestLineAndHeaders, int status)
    {
        var (id, key, _) = await _gateway.CreateAgentAsync();
        using var proxy = await ProxyClient.OpenAsync(_gateway.EgressUrl);

        var response = await proxy.SendAsync(requestLineAndHeaders + $"Proxy-Authorization: {ProxyClient.Basic(key)}\r\n\r\n");

        Assert.Equal(status, response.Status);
        Assert.Equal("unclassifiable", Assert.Single(await _gateway.AuditAsync($"agentId={id}")).Text("rule"));
    }

    private HttpClient ProxiedClient(string key) => new(new SocketsHttpHandler
    {
        Proxy = new WebProxy(_gateway.EgressUrl) { Credentials = new NetworkCredential("agent", key) },
        UseProxy = true,
        // The tunnel must end at the real server: its own throw-away certificate, and no other, is accepted.
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == fixture.Tls.CertificateHash },
    })
    {
        Timeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>The agent's audit records once <paramref name="count"/> outcome records are in (tunnels audit on close).</summary>
    private async Task<List<JsonElement>> WaitForOutcomeAsync(string agentId, int count = 1)
    {
        var deadline = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var records = await _gateway.AuditAsync($"agentId={agentId}");
            if (records.Count(r => r.Text("stage") == "outcome") >= count
                || TimeProvider.System.GetElapsedTime(deadline) > TimeSpan.FromSeconds(15))
            {
                return records;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }

    private static async Task<(int ExitCode, string Output)> CurlAsync(string proxy, Uri url)
    {
        var start = new ProcessStartInfo("curl", ["-sS", "--insecure", "--max-time", "20", url.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HTTPS_PROXY"] = proxy;
        start.Environment.Remove("NO_PROXY");
        start.Environment.Remove("no_proxy");
        start.Environment.Remove("https_proxy");
        using var curl = Process.Start(start)!;
        var output = curl.StandardOutput.ReadToEndAsync();
        var error = curl.StandardError.ReadToEndAsync();
        await curl.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (curl.ExitCode, (await output) + (await error));
    }
}
