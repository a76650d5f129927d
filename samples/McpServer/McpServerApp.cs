using System.Net;
using Microsoft.Extensions.Options;
using ModelContextProtocol.AspNetCore;
using ToolGate.Samples.Shared;

namespace ToolGate.Samples.McpServer;

/// <summary>
/// Sample MCP server over Streamable HTTP at <c>/mcp</c>: tools <c>read_file</c>, <c>write_file</c>, <c>run_command</c>
/// and <c>fetch</c>, the resource <c>file:///workspace/readme.txt</c> and the prompt <c>summarise</c>. Every message that
/// reaches <c>/mcp</c> is journalled (<c>GET/DELETE /received</c>); <c>POST /admin/mutate-tool</c> changes a tool's description.
/// </summary>
public static class McpServerApp
{
    public const string DefaultUrl = "http://127.0.0.1:9104";
    public const string McpPath = "/mcp";

    /// <summary>Builds (does not start) the app. <paramref name="args"/> are normal ASP.NET Core args, e.g. <c>--urls=http://127.0.0.1:0</c> or <c>--McpServer:JsonResponses=true</c>.</summary>
    public static WebApplication Create(string[] args)
    {
        var builder = SampleHost.CreateBuilder(args, typeof(McpServerApp), DefaultUrl);
        var section = builder.Configuration.GetSection(McpSampleOptions.SectionName);
        builder.Services.AddOptions<McpSampleOptions>()
            .Bind(section)
            .Validate(o => o.CommandTimeoutSeconds is >= 1 and <= 300, "McpServer:CommandTimeoutSeconds must be between 1 and 300.")
            .Validate(o => o.FetchTimeoutSeconds is >= 1 and <= 300, "McpServer:FetchTimeoutSeconds must be between 1 and 300.")
            .Validate(o => Enum.IsDefined(o.SessionMode), "McpServer:SessionMode must be Stateless, Stateful or StatefulForInitializeClients.")
            .ValidateOnStart();
        var sampleOptions = section.Get<McpSampleOptions>() ?? new McpSampleOptions();

        builder.Services.AddSingleton<Workspace>();
        builder.Services.AddSingleton<McpJournal>();
        builder.Services.AddSingleton<FileTools>();
        builder.Services.AddSingleton<CommandTool>();
        builder.Services.AddSingleton<FetchTool>();
        builder.Services.AddHttpClient(FetchTool.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                UseProxy = false,
                UseCookies = false,
            });

        var catalog = new ToolCatalog();
        builder.Services.AddSingleton(catalog);
        builder.Services.AddMcpServer(server => server.ServerInfo = new() { Name = "toolgate-sample-mcp", Version = "1.0.0" })
            .WithHttpTransport(transport =>
            {
                transport.SessionMode = sampleOptions.SessionMode;
            })
            .WithTools(catalog.Tools)
            .WithResources<WorkspaceResources>()
            .WithPrompts(typeof(SummarisePrompt).GetMethods().Where(m => m.IsStatic && m.DeclaringType == typeof(SummarisePrompt)).Select(m => ModelContextProtocol.Server.McpServerPrompt.Create(m)));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseMcpJournal(McpPath);
        app.MapMcpJournal();
        app.MapToolAdmin();
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        if (sampleOptions.JsonResponses)
        {
            app.UseJsonResponses(McpPath);
        }

        app.MapMcp(McpPath);

        var options = app.Services.GetRequiredService<IOptions<McpSampleOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILogger<McpJournal>>();
        var responses = options.JsonResponses ? "application/json" : "text/event-stream";
        var sessionMode = options.SessionMode.ToString();
        var root = app.Services.GetRequiredService<Workspace>().Root;
        app.Lifetime.ApplicationStarted.Register(() => Log.Serving(logger, McpPath, responses, sessionMode, root));
        return app;
    }
}
