namespace ToolGate.Samples.FetchTool;

/// <summary>Body of <c>POST /tools/fetch</c>: <c>{"url": "https://...", "address": "93.184.215.14"}</c>.</summary>
/// <param name="Url">An absolute http or https URL.</param>
/// <param name="Address">
/// The IP address to connect to instead of resolving the URL's host: the one the gateway checked. The Host header
/// and TLS server name still come from <paramref name="Url"/>. Without it (the tool run on its own), DNS is used.
/// </param>
public sealed record FetchRequest(string? Url, string? Address = null);
