using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using ToolGate.Core.Grants;
using ToolGate.Core.Text;

namespace ToolGate.Core.Mcp;

/// <summary>One agent's MCP grants, compiled: per server, its granted tools (by name), resource globs and prompts.</summary>
public sealed class McpPolicy
{
    public static readonly McpPolicy Empty = Compile([]);

    private readonly FrozenDictionary<string, ImmutableArray<CompiledMcpGrant>> _servers;

    private McpPolicy(FrozenDictionary<string, ImmutableArray<CompiledMcpGrant>> servers)
    {
        _servers = servers;
    }

    public static McpPolicy Compile(IEnumerable<McpGrant> grants) =>
        new(grants.GroupBy(g => g.Server, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(CompiledMcpGrant.Create).ToImmutableArray(), StringComparer.Ordinal));

    internal ImmutableArray<CompiledMcpGrant> For(string server) =>
        _servers.TryGetValue(server, out var grants) ? grants : [];

    /// <summary>Whether the agent may see this tool listed: a live grant names it.</summary>
    public bool MayUseTool(string server, string tool, DateTimeOffset now) =>
        For(server).Any(g => g.Grant.IsActiveAt(now) && g.Tools.ContainsKey(tool));

    /// <summary>Whether any live grant that names this tool pins its definition.</summary>
    public bool IsPinned(string server, string tool, DateTimeOffset now) =>
        For(server).Any(g => g.Grant.IsActiveAt(now) && g.Tools.TryGetValue(tool, out var t) && t.Grant.Pinned);

    public bool MayReadResource(string server, string uri, DateTimeOffset now) =>
        McpPaths.IsPlainUri(uri, out _) && For(server).Any(g => g.Grant.IsActiveAt(now) && g.Resources.Any(r => r.IsMatch(uri)));

    public bool MayGetPrompt(string server, string name, DateTimeOffset now) =>
        For(server).Any(g => g.Grant.IsActiveAt(now) && g.Grant.Prompts.Any(p => p == "*" || p == name));
}

internal sealed record CompiledMcpGrant(McpGrant Grant, FrozenDictionary<string, CompiledMcpTool> Tools, ImmutableArray<GlobPattern> Resources)
{
    public static CompiledMcpGrant Create(McpGrant grant) => new(
        grant,
        grant.Tools.ToFrozenDictionary(t => t.Name, CompiledMcpTool.Create, StringComparer.Ordinal),
        [.. grant.Resources.Select(GlobPattern.Create)]);
}

internal sealed record CompiledMcpTool(
    McpToolGrant Grant, FrozenDictionary<string, CompiledConstraint> Arguments, FrozenDictionary<string, string> ArgumentsByFoldedName)
{
    public static CompiledMcpTool Create(McpToolGrant tool) => new(
        tool,
        tool.Arguments.ToFrozenDictionary(a => a.Key, a => CompiledConstraint.Create(a.Value), StringComparer.Ordinal),
        tool.Arguments.Keys.GroupBy(Fold, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal));

    /// <summary>
    /// The constrained argument an extra argument's name may stand for: servers bind names case-insensitively or
    /// across snake and camel case (<c>Path</c>, <c>PATH</c>, <c>file_path</c> for <c>filePath</c>), so an extra
    /// argument spelled like a constrained one would reach the server unchecked.
    /// </summary>
    public string? ConstrainedLookalike(string name) => ArgumentsByFoldedName.GetValueOrDefault(Fold(name));

    private static string Fold(string name) => string.Concat(name.Where(c => c is not ('_' or '-'))).ToUpperInvariant();
}

internal sealed record CompiledConstraint(McpArgumentConstraint Constraint, GlobPattern? Glob, Regex? Regex)
{
    /// <summary>Regexes run without backtracking: a pattern an admin wrote cannot make a decision take exponential time.</summary>
    public static CompiledConstraint Create(McpArgumentConstraint constraint) => new(
        constraint,
        constraint.Glob is { } glob ? GlobPattern.Create(glob) : null,
        constraint.Regex is { } regex
            ? new Regex($"^(?:{regex})$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100))
            : null);
}
