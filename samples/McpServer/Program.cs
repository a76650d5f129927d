namespace ToolGate.Samples.McpServer;

// A namespaced Program (no top-level statements), so projects that reference several samples and the
// gateway never see two global Program types.
internal static class Program
{
    private static void Main(string[] args) => McpServerApp.Create(args).Run();
}
