namespace ToolGate.Gateway.Tests.Infrastructure;

/// <summary>One gateway and one set of sample tools per test class; tests create their own agents.</summary>
public class GatewayFixture : IAsyncLifetime
{
    public GatewayHarness Gateway { get; private set; } = null!;

    public SampleTools Tools => Gateway.Tools;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        var tools = await SampleTools.StartAsync();
        Gateway = await GatewayHarness.StartAsync(tools, Settings);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Gateway.Tools.DisposeAsync();
    }
}
