using System.ComponentModel;
using ModelContextProtocol.Server;

namespace ToolGate.Samples.McpServer;

/// <summary>The one prompt: <c>summarise</c>, asking the model to summarise a text.</summary>
[McpServerPromptType]
internal static class SummarisePrompt
{
    [McpServerPrompt(Name = "summarise")]
    [Description("Asks for a short summary of a text.")]
    public static string Summarise(
        [Description("The text to summarise.")] string text,
        [Description("Roughly how many sentences the summary may have (default 3).")] int sentences = 3) =>
        $"Summarise the following text in at most {sentences} sentences:\n\n{text}";
}
