using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace ToolGate.Samples.McpServer;

/// <summary>The one resource: <c>file:///workspace/readme.txt</c>, the workspace's readme as text.</summary>
[McpServerResourceType]
internal sealed class WorkspaceResources(Workspace workspace)
{
    public const string ReadmeUri = Workspace.UriPrefix + Workspace.ReadmeName;

    [McpServerResource(UriTemplate = ReadmeUri, Name = "readme", MimeType = "text/plain")]
    [Description("The workspace's readme: what this sample server is for.")]
    public async Task<string> ReadmeAsync(CancellationToken cancellationToken)
    {
        var path = workspace.Resolve(Workspace.ReadmeName)!;
        return File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : throw new McpException("The readme was deleted.");
    }
}
