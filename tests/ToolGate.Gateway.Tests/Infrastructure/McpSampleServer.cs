using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;

namespace ToolGate.Gateway.Tests.Infrastructure;

/// <summary>
/// The sample MCP server (samples/McpServer) running in-process on loopback, port 0, with its own temporary workspace.
/// Start it with <see cref="McpServers.StartSampleAsync"/>.
/// </summary>
public sealed class McpSampleServer : IAsyncDisposable
{
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(10) };

    internal McpSampleServer(WebApplication app, string workspace)
    {
        App = app;
        Workspace = workspace;
        Url = new Uri(app.Urls.First());
        McpUrl = new Uri(Url, "/mcp");
    }

    public WebApplication App { get; }

    /// <summary>Base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Url { get; }

    /// <summary>The MCP endpoint (Streamable HTTP): what a gateway route or an MCP client points at.</summary>
    public Uri McpUrl { get; }

    /// <summary>The directory <c>read_file</c> / <c>write_file</c> work in (deleted on dispose).</summary>
    public string Workspace { get; }

    /// <summary>Every MCP message that reached the server: proof that a denied call never did.</summary>
    public async Task<IReadOnlyList<McpReceived>> ReceivedAsync()
    {
        var received = await _client.GetFromJsonAsync<List<McpReceived>>(new Uri(Url, "/received"), JsonSerializerOptions.Web);
        return received ?? [];
    }

    /// <summary>The <c>tools/call</c> messages that reached the server.</summary>
    public async Task<IReadOnlyList<McpReceived>> ToolCallsAsync() =>
        [.. (await ReceivedAsync()).Where(m => m.RpcMethod == "tools/call")];

    public async Task ClearAsync()
    {
        using var response = await _client.DeleteAsync(new Uri(Url, "/received"));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The server silently advertises a new description for <paramref name="tool"/> (null: the original again).</summary>
    public async Task MutateToolAsync(string tool, string? description)
    {
        var query = "/admin/mutate-tool?name=" + Uri.EscapeDataString(tool)
            + (description is null ? string.Empty : "&description=" + Uri.EscapeDataString(description));
        using var response = await _client.PostAsync(new Uri(Url, query), content: null);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(Workspace, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temporary directory.
        }
    }

    /// <summary>One journal entry (see samples/McpServer/McpReceivedMessage.cs).</summary>
    public sealed record McpReceived(
        string HttpMethod,
        string? RpcMethod,
        string? Id,
        string? ToolName,
        JsonElement? Arguments,
        string? SessionId,
        string Body,
        Dictionary<string, string> Headers);
}
