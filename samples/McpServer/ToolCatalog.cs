using System.Reflection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace ToolGate.Samples.McpServer;

/// <summary>
/// The four tools, built once from the <c>[McpServerTool]</c> methods of <see cref="FileTools"/>, <see cref="CommandTool"/>
/// and <see cref="FetchTool"/> (their instances come from the request's services) and wrapped in <see cref="MutableTool"/>.
/// A singleton shared by every session, so <c>/admin/mutate-tool</c> changes what all clients see.
/// </summary>
internal sealed class ToolCatalog
{
    private readonly Dictionary<string, MutableTool> _tools;

    public ToolCatalog()
    {
        MutableTool[] tools =
        [
            Create<FileTools>(nameof(FileTools.ReadFileAsync)),
            Create<FileTools>(nameof(FileTools.WriteFileAsync)),
            Create<CommandTool>(nameof(CommandTool.RunCommandAsync)),
            Create<FetchTool>(nameof(FetchTool.FetchAsync)),
        ];
        _tools = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public IEnumerable<McpServerTool> Tools => _tools.Values;

    public bool TryGet(string name, out MutableTool tool) => _tools.TryGetValue(name, out tool!);

    private static MutableTool Create<TTarget>(string methodName)
        where TTarget : class
    {
        var method = typeof(TTarget).GetMethod(methodName, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{typeof(TTarget).Name}.{methodName} not found");
        var tool = McpServerTool.Create(method, CreateTarget<TTarget>);
        return new MutableTool(tool);
    }

    private static object CreateTarget<TTarget>(RequestContext<CallToolRequestParams> context)
        where TTarget : class =>
        (context.Services ?? throw new InvalidOperationException("no request services")).GetRequiredService<TTarget>();
}
