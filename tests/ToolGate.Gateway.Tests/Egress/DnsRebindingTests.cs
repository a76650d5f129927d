using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ToolGate.Gateway.Network;
using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Egress;

/// <summary>
/// A rebinding resolver: <c>rebind.test</c> answers 127.0.0.2 (opened by the operator: the "public" server) on the
/// first query and 127.0.0.1 (not opened: the "internal" server, same port) on every later one.
/// </summary>
public sealed class RebindingFixture : GatewayFixture
{
    public StubResolver Resolver { get; } = new StubResolver().Rebind("rebind.test", "127.0.0.2", "127.0.0.1");

    public CountingTcpServer Checked { get; private set; } = null!;

    public CountingTcpServer Internal { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ToolGate:Egress:AllowedNetworks:0"] = "127.0.0.2/32",
    };

    public override async Task InitializeAsync()
    {
        (Checked, Internal) = SamePortOnTwoLoopbackAddresses();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Checked.Dispose();
        Internal.Dispose();
    }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IHostResolver>(Resolver);

    private static (CountingTcpServer, CountingTcpServer) SamePortOnTwoLoopbackAddresses()
    {
        for (var attempt = 0; ; attempt++)
        {
            var outer = new CountingTcpServer(IPAddress.Parse("127.0.0.2"));
            try
            {
                return (outer, new CountingTcpServer(IPAddress.Loopback, outer.EndPoint.Port));
            }
            catch (SocketException) when (attempt < 10)
            {
                outer.Dispose(); // the port is taken on 127.0.0.1; try another
            }
        }
    }
}

public sealed class DnsRebindingTests(RebindingFixture fixture) : IClassFixture<RebindingFixture>
{
    [Fact]
    public async Task Rebinding_TheConnectionGoesToTheCheckedAddress_NeverTheInternalServer()
    {
        var gateway = fixture.Gateway;
        var port = fixture.Checked.EndPoint.Port;
        var (id, key, _) = await gateway.CreateAgentAsync();
        await gateway.GrantAsync(new { agentId = id, capability = "network", allow = new[] { $"rebind.test:{port}" } });

        using (var first = await ProxyClient.OpenAsync(gateway.EgressUrl))
        {
            Assert.Equal(200, (await first.ConnectAsync($"rebind.test:{port}", key)).Status);
            await first.Stream.WriteAsync("hi"u8.ToArray());
            var echo = new byte[2];
            await first.Stream.ReadExactlyAsync(echo).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }

        // The name now resolves inward: refused, and still nothing reached the internal server.
        using var second = await ProxyClient.OpenAsync(gateway.EgressUrl);
        var refused = await second.ConnectAsync($"rebind.test:{port}", key);

        Assert.Equal(1, fixture.Checked.Accepted);
        Assert.Equal(0, fixture.Internal.Accepted);
        Assert.Equal(403, refused.Status);
        var problem = JsonDocument.Parse(await second.ReadToEndAsync()).RootElement;
        Assert.Equal("guardrail:network.address-class", problem.Text("rule"));
        Assert.Contains("127.0.0.1", problem.Text("reason"), StringComparison.Ordinal);
        Assert.Equal(2, fixture.Resolver.QueriesFor("rebind.test"));
    }
}
