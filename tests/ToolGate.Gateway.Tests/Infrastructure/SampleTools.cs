using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using ToolGate.Samples.ComputeTool;
using ToolGate.Samples.FetchTool;
using ToolGate.Samples.ShellTool;

namespace ToolGate.Gateway.Tests.Infrastructure;

/// <summary>The three real sample tool servers from samples/, on loopback with OS-assigned ports.</summary>
public sealed class SampleTools : IAsyncDisposable
{
    private static readonly string[] LoopbackAnyPort = ["--urls=http://127.0.0.1:0"];

    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(10) };

    private SampleTools(WebApplication shell, WebApplication fetch, WebApplication compute)
    {
        Shell = shell;
        Fetch = fetch;
        Compute = compute;
    }

    public WebApplication Shell { get; }

    public WebApplication Fetch { get; }

    public WebApplication Compute { get; }

    public static async Task<SampleTools> StartAsync()
    {
        var shell = ShellToolApp.Create(LoopbackAnyPort);
        var fetch = FetchToolApp.Create(LoopbackAnyPort);
        var compute = ComputeToolApp.Create(LoopbackAnyPort);
        await Task.WhenAll(shell.StartAsync(), fetch.StartAsync(), compute.StartAsync());
        return new SampleTools(shell, fetch, compute);
    }

    public static Uri UrlOf(WebApplication app) => new(app.Urls.First());

    /// <summary>What a tool received: proof that a denied call never reached it.</summary>
    public async Task<IReadOnlyList<Received>> ReceivedAsync(WebApplication tool)
    {
        var received = await _client.GetFromJsonAsync<List<Received>>(new Uri(UrlOf(tool), "/received"), JsonSerializerOptions.Web);
        return received ?? [];
    }

    public async Task ClearAsync()
    {
        foreach (var tool in new[] { Shell, Fetch, Compute })
        {
            using var response = await _client.DeleteAsync(new Uri(UrlOf(tool), "/received"));
            response.EnsureSuccessStatusCode();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        foreach (var tool in new[] { Shell, Fetch, Compute })
        {
            await tool.StopAsync();
            await tool.DisposeAsync();
        }
    }

    public sealed record Received(string Method, string Path, string Body, Dictionary<string, string> Headers);
}
