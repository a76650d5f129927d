namespace ToolGate.Samples.FetchTool;

/// <summary>Body of <c>POST /tools/fetch</c>: <c>{"url": "https://..."}</c>.</summary>
/// <param name="Url">An absolute http or https URL.</param>
public sealed record FetchRequest(string? Url);
