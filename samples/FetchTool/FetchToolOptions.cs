namespace ToolGate.Samples.FetchTool;

/// <summary>Configuration section <c>FetchTool</c>.</summary>
internal sealed class FetchToolOptions
{
    public const string SectionName = "FetchTool";

    /// <summary>Limit for the whole fetch: connecting, headers and reading the (capped) body.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Whether to use the proxy from the environment (HTTP_PROXY, ...). Off by default: the tool connects to exactly the host the gateway checked.</summary>
    public bool UseProxy { get; set; }
}
