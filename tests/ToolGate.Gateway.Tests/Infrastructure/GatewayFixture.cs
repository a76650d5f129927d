using Microsoft.Extensions.DependencyInjection;

namespace ToolGate.Gateway.Tests.Infrastructure;

/// <summary>One gateway and one set of sample tools per test class; tests create their own agents.</summary>
public class GatewayFixture : IAsyncLifetime
{
    public GatewayHarness Gateway { get; private set; } = null!;

    public SampleTools Tools => Gateway.Tools;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Services registered before the gateway's own (which it then keeps), e.g. a stub resolver.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual async Task InitializeAsync()
    {
        var tools = await SampleTools.StartAsync();
        Gateway = await GatewayHarness.StartAsync(tools, Settings, ConfigureServices);
    }

    public virtual async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Gateway.Tools.DisposeAsync();
    }
}
