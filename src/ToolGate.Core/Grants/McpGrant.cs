using System.Collections.Immutable;

namespace ToolGate.Core.Grants;

/// <summary>
/// What an agent may do on one MCP server: which tools, with which arguments; which resources (URI globs) and
/// prompts (names). Anything not listed is denied, and a tool not listed is not even shown to the agent.
/// </summary>
public sealed record McpGrant : Grant
{
    public override Capability Capability => Capability.Mcp;

    /// <summary>The configured server name (<c>ToolGate:Mcp:Servers:{name}</c>).</summary>
    public required string Server { get; init; }

    public ImmutableArray<McpToolGrant> Tools { get; init; } = [];

    /// <summary>Resource URI globs the agent may read (and see listed).</summary>
    public ImmutableArray<string> Resources { get; init; } = [];

    /// <summary>Prompt names the agent may get (and see listed); <c>*</c> for all.</summary>
    public ImmutableArray<string> Prompts { get; init; } = [];
}

/// <summary>One granted tool: its name, a constraint per argument, and whether its definition is pinned.</summary>
public sealed record McpToolGrant
{
    public required string Name { get; init; }

    public ImmutableDictionary<string, McpArgumentConstraint> Arguments { get; init; } = ImmutableDictionary<string, McpArgumentConstraint>.Empty;

    /// <summary>Arguments without a constraint are allowed (default: denied).</summary>
    public bool AllowExtraArguments { get; init; }

    /// <summary>When the server changes the tool's definition, withhold the tool until an admin approves the change.</summary>
    public bool Pinned { get; init; }
}

/// <summary>
/// What one argument's value must satisfy; every constraint given must hold. <see cref="As"/> classifies the value as
/// an action of another capability, judged by that capability's grants and guardrails.
/// </summary>
public sealed record McpArgumentConstraint
{
    /// <summary>A glob the (string) value must match; with <c>as: path</c>, matched against the normalised path.</summary>
    public string? Glob { get; init; }

    /// <summary>A regular expression the whole (string) value must match.</summary>
    public string? Regex { get; init; }

    /// <summary>The value must be one of these (compared as JSON text for non-strings).</summary>
    public ImmutableArray<string> Enum { get; init; } = [];

    public int? MaxLength { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    /// <summary><c>path</c>, <c>network</c> or <c>shell</c>.</summary>
    public string? As { get; init; }

    /// <summary>The argument must be present.</summary>
    public bool Required { get; init; }
}
