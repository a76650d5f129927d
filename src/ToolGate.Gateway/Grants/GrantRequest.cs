namespace ToolGate.Gateway.Grants;

/// <summary>
/// A grant as an admin writes it: the body of <c>POST /v1/grants</c> and an entry of a policy file
/// (same shape in JSON and YAML). Which fields apply depends on <see cref="Capability"/>.
/// </summary>
public sealed class GrantRequest
{
    /// <summary>Optional in policy files (defaults to <c>&lt;file&gt;-&lt;n&gt;</c>); assigned by the API.</summary>
    public string? Id { get; set; }

    public string? AgentId { get; set; }

    /// <summary><c>shell</c>, <c>network</c>, <c>compute</c> or <c>mcp</c>.</summary>
    public string? Capability { get; set; }

    /// <summary>shell: word patterns (<c>git diff *</c>); network: destinations (<c>https://api.github.com</c>).</summary>
    public List<string>? Allow { get; set; }

    /// <summary>Patterns that win over <see cref="Allow"/>.</summary>
    public List<string>? Deny { get; set; }

    /// <summary>shell: globs every file argument must resolve inside (<c>/workspace/**</c>).</summary>
    public List<string>? Paths { get; set; }

    /// <summary>shell: guardrail classes this grant may break (tunnel, miner, …); needs a justification and an expiry.</summary>
    public List<string>? BreakGlass { get; set; }

    /// <summary>shell: why the break-glass exists; quoted in every decision it makes.</summary>
    public string? Justification { get; set; }

    /// <summary>
    /// shell: compound constructs the agent may use (<c>subshell</c>, <c>group</c>, <c>if</c>, <c>for</c>, <c>while</c>,
    /// <c>case</c>, <c>background</c>); every command inside is still judged. With constructs, <see cref="Allow"/> may be empty.
    /// </summary>
    public List<string>? Constructs { get; set; }

    public RateLimitRequest? RateLimit { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>compute: most GPUs one job may ask for.</summary>
    public int? MaxGpus { get; set; }

    /// <summary>compute: longest wall-clock duration one job may ask for.</summary>
    public int? MaxDurationSeconds { get; set; }

    /// <summary>compute: image globs (<c>registry.local/train:*</c>), or pinned digests (<c>registry.local/train@sha256:…</c>).</summary>
    public List<string>? Images { get; set; }

    /// <summary>compute: shell patterns a job's command must match (<c>python train.py *</c>); none: only jobs without a command.</summary>
    public List<string>? Commands { get; set; }

    /// <summary>compute: GPU-seconds allowed per <see cref="WindowSeconds"/>; both or neither.</summary>
    public int? GpuSecondsPerWindow { get; set; }

    /// <summary>network: egress-proxy bytes (up and down) allowed per <see cref="WindowSeconds"/>; both or neither.</summary>
    public long? BytesPerWindow { get; set; }

    /// <summary>compute and network: the budget window in seconds; both or neither with the budget.</summary>
    public int? WindowSeconds { get; set; }

    /// <summary>mcp: the configured server name (<c>ToolGate:Mcp:Servers:{name}</c>).</summary>
    public string? Server { get; set; }

    /// <summary>mcp: the tools the agent may see and call, each with its argument constraints.</summary>
    public List<McpToolRequest>? Tools { get; set; }

    /// <summary>mcp: resource URI globs the agent may read (<c>file:///workspace/**</c>).</summary>
    public List<string>? Resources { get; set; }

    /// <summary>mcp: prompt names the agent may get; <c>*</c> for all.</summary>
    public List<string>? Prompts { get; set; }
}

/// <summary>One granted MCP tool.</summary>
public sealed class McpToolRequest
{
    public string? Name { get; set; }

    /// <summary>A constraint per argument name; arguments not listed are denied unless <see cref="AllowExtraArguments"/>.</summary>
    public Dictionary<string, McpArgumentRequest>? Arguments { get; set; }

    public bool? AllowExtraArguments { get; set; }

    /// <summary>Withhold the tool when the server changes its definition, until an admin approves the change.</summary>
    public bool? Pinned { get; set; }
}

/// <summary>What one MCP tool argument must satisfy: every constraint given.</summary>
public sealed class McpArgumentRequest
{
    public string? Glob { get; set; }

    public string? Regex { get; set; }

    public List<string>? Enum { get; set; }

    public int? MaxLength { get; set; }

    public double? Minimum { get; set; }

    public double? Maximum { get; set; }

    /// <summary><c>path</c> (needs <see cref="Glob"/>), <c>network</c> or <c>shell</c>: judged as that kind of action.</summary>
    public string? As { get; set; }

    public bool? Required { get; set; }
}

public sealed class RateLimitRequest
{
    public int Permits { get; set; }

    public int WindowSeconds { get; set; }

    /// <summary><c>slidingWindow</c> (default) or <c>tokenBucket</c>.</summary>
    public string? Kind { get; set; }
}
