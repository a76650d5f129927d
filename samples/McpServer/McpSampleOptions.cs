using ModelContextProtocol.AspNetCore;

namespace ToolGate.Samples.McpServer;

/// <summary>Configuration section <c>McpServer</c>.</summary>
internal sealed class McpSampleOptions
{
    public const string SectionName = "McpServer";

    public const int DefaultCommandTimeoutSeconds = 10;
    public const int DefaultFetchTimeoutSeconds = 10;

    /// <summary>
    /// The directory <c>read_file</c> and <c>write_file</c> work in (and <c>run_command</c>'s working directory).
    /// Relative tool paths resolve against it and no path may leave it. Empty: a fresh temporary directory.
    /// </summary>
    public string RootDirectory { get; set; } = string.Empty;

    /// <summary>
    /// True: every POST is answered with one <c>application/json</c> body (see <see cref="JsonResponseMiddleware"/>).
    /// False (default): POST answers are <c>text/event-stream</c>, the C# SDK's only format. Independent of <see cref="SessionMode"/>.
    /// </summary>
    public bool JsonResponses { get; set; }

    /// <summary>
    /// How the Streamable HTTP transport keeps sessions. Default
    /// <see cref="HttpServerSessionMode.Stateful"/>: every client does the <c>initialize</c> handshake and gets an
    /// <c>Mcp-Session-Id</c> (a 2026-07-28 client is refused with -32022 and downgrades).
    /// </summary>
    public HttpServerSessionMode SessionMode { get; set; } = HttpServerSessionMode.Stateful;

    /// <summary>Wall-clock limit for one <c>run_command</c>; the shell and its children are killed after it.</summary>
    public int CommandTimeoutSeconds { get; set; } = DefaultCommandTimeoutSeconds;

    /// <summary>Limit for one <c>fetch</c>: connecting, headers and reading the (capped) body.</summary>
    public int FetchTimeoutSeconds { get; set; } = DefaultFetchTimeoutSeconds;
}
