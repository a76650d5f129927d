using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Mcp;

/// <summary>The TypeScript side of the MCP harness on its own: client.mjs against the reference server-everything, no gateway.</summary>
public sealed class McpTsHarnessTests : IAsyncLifetime
{
    private EverythingServer _everything = null!;

    public async Task InitializeAsync() => _everything = await EverythingServer.StartAsync();

    public async Task DisposeAsync() => await _everything.DisposeAsync();

    [Fact]
    public async Task ClientMjs_AgainstServerEverything_ListsItsToolsAndEchoes()
    {
        var result = await McpTsClient.RunAsync(_everything.McpUrl, key: null, "echo", new { message = "through the harness" });

        Assert.True(result.ExitCode == 0, result + "\n" + _everything.Output);
        Assert.True(result.Ok);
        Assert.Contains("echo", result.Tools);
        Assert.Contains("get-sum", result.Tools);
        Assert.Equal("Echo: through the harness", result.Call.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.False(string.IsNullOrEmpty(result.SessionId));
    }

    [Fact]
    public async Task CSharpSdkClient_AgainstServerEverything_CallsEcho()
    {
        await using var client = await McpServers.ConnectAsync(_everything.McpUrl);

        var tools = await client.ListToolsAsync();
        var result = await client.CallToolAsync("get-sum", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 3 });

        Assert.Contains(tools, t => t.Name == "echo");
        Assert.Contains("5", Assert.IsType<ModelContextProtocol.Protocol.TextContentBlock>(result.Content[0]).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientMjs_ExpectingARefusal_FailsWhenTheCallIsNotRefused()
    {
        var result = await McpTsClient.RunAsync(_everything.McpUrl, key: null, "echo", new { message = "a" }, "echo", new { message = "b" });

        Assert.Equal(1, result.ExitCode);
        Assert.False(result.Ok);
        Assert.Equal("echo was expected to be refused but succeeded", result.Error);
    }
}
