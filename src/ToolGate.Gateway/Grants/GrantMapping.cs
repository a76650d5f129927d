using System.Collections.Immutable;
using ToolGate.Core;
using ToolGate.Core.Grants;

namespace ToolGate.Gateway.Grants;

/// <summary>Between the admin's shape of a grant (<see cref="GrantRequest"/>) and Core's records.</summary>
internal static class GrantMapping
{
    /// <summary>Maps a validated request. Unknown capabilities cannot get here: validation refuses them.</summary>
    public static Grant ToGrant(this GrantRequest request, string id, string source)
    {
        var rateLimit = request.RateLimit is { } r
            ? new RateLimitSpec(r.Permits, r.WindowSeconds, r.Kind == RateLimitKinds.TokenBucket ? RateLimitKind.TokenBucket : RateLimitKind.SlidingWindow)
            : null;
        return request.Capability switch
        {
            CapabilityNames.Shell => new ShellGrant
            {
                Id = id, AgentId = request.AgentId!, Source = source, RateLimit = rateLimit, ExpiresAt = request.ExpiresAt,
                Allow = ToArray(request.Allow), Deny = ToArray(request.Deny), Paths = ToArray(request.Paths),
                BreakGlass = ToArray(request.BreakGlass), Justification = request.Justification, Constructs = ToArray(request.Constructs),
            },
            CapabilityNames.Network => new NetworkGrant
            {
                Id = id, AgentId = request.AgentId!, Source = source, RateLimit = rateLimit, ExpiresAt = request.ExpiresAt,
                Allow = ToArray(request.Allow), Deny = ToArray(request.Deny),
                BytesPerWindow = request.BytesPerWindow, WindowSeconds = request.WindowSeconds,
            },
            CapabilityNames.Compute => new ComputeGrant
            {
                Id = id, AgentId = request.AgentId!, Source = source, RateLimit = rateLimit, ExpiresAt = request.ExpiresAt,
                MaxGpus = request.MaxGpus ?? 0, MaxDurationSeconds = request.MaxDurationSeconds ?? 0, Images = ToArray(request.Images),
                Commands = ToArray(request.Commands), GpuSecondsPerWindow = request.GpuSecondsPerWindow, WindowSeconds = request.WindowSeconds,
            },
            CapabilityNames.Mcp => new McpGrant
            {
                Id = id, AgentId = request.AgentId!, Source = source, RateLimit = rateLimit, ExpiresAt = request.ExpiresAt,
                Server = request.Server!, Tools = [.. (request.Tools ?? []).Select(ToToolGrant)],
                Resources = ToArray(request.Resources), Prompts = ToArray(request.Prompts),
            },
            _ => throw new ArgumentException($"capability '{request.Capability}' cannot be granted", nameof(request)),
        };
    }

    private static McpToolGrant ToToolGrant(McpToolRequest tool) => new()
    {
        Name = tool.Name!,
        AllowExtraArguments = tool.AllowExtraArguments ?? false,
        Pinned = tool.Pinned ?? false,
        Arguments = (tool.Arguments ?? []).ToImmutableDictionary(a => a.Key, a => new McpArgumentConstraint
        {
            Glob = a.Value.Glob, Regex = a.Value.Regex, Enum = ToArray(a.Value.Enum), MaxLength = a.Value.MaxLength,
            Minimum = a.Value.Minimum, Maximum = a.Value.Maximum, As = a.Value.As, Required = a.Value.Required ?? false,
        }, StringComparer.Ordinal),
    };

    public static GrantView ToView(this Grant grant) => grant switch
    {
        ShellGrant s => new GrantView(s.Id, s.AgentId, CapabilityNames.Shell, s.Source, s.RateLimit, s.ExpiresAt)
        {
            Allow = s.Allow, Deny = s.Deny, Paths = s.Paths,
            BreakGlass = s.BreakGlass.IsEmpty ? null : s.BreakGlass, Justification = s.Justification,
            Constructs = s.Constructs.IsEmpty ? null : s.Constructs,
        },
        NetworkGrant n => new GrantView(n.Id, n.AgentId, CapabilityNames.Network, n.Source, n.RateLimit, n.ExpiresAt)
        {
            Allow = n.Allow, Deny = n.Deny, BytesPerWindow = n.BytesPerWindow, WindowSeconds = n.WindowSeconds,
        },
        ComputeGrant c => new GrantView(c.Id, c.AgentId, CapabilityNames.Compute, c.Source, c.RateLimit, c.ExpiresAt)
        {
            MaxGpus = c.MaxGpus, MaxDurationSeconds = c.MaxDurationSeconds, Images = c.Images,
            Commands = c.Commands, GpuSecondsPerWindow = c.GpuSecondsPerWindow, WindowSeconds = c.WindowSeconds,
        },
        McpGrant m => new GrantView(m.Id, m.AgentId, CapabilityNames.Mcp, m.Source, m.RateLimit, m.ExpiresAt)
        {
            Server = m.Server, Tools = m.Tools, Resources = m.Resources, Prompts = m.Prompts,
        },
        _ => new GrantView(grant.Id, grant.AgentId, grant.Capability.ToName(), grant.Source, grant.RateLimit, grant.ExpiresAt),
    };

    private static ImmutableArray<string> ToArray(List<string>? values) => values is null ? [] : [.. values];
}

/// <summary>The names admins write for <see cref="RateLimitKind"/>.</summary>
internal static class RateLimitKinds
{
    public const string SlidingWindow = "slidingWindow";
    public const string TokenBucket = "tokenBucket";
}

/// <summary>A grant as the admin API shows it, with its id and where it came from.</summary>
public sealed record GrantView(string Id, string AgentId, string Capability, string Source, RateLimitSpec? RateLimit, DateTimeOffset? ExpiresAt)
{
    public ImmutableArray<string>? Allow { get; init; }

    public ImmutableArray<string>? Deny { get; init; }

    public ImmutableArray<string>? Paths { get; init; }

    public ImmutableArray<string>? BreakGlass { get; init; }

    public string? Justification { get; init; }

    public ImmutableArray<string>? Constructs { get; init; }

    public int? MaxGpus { get; init; }

    public int? MaxDurationSeconds { get; init; }

    public ImmutableArray<string>? Images { get; init; }

    public ImmutableArray<string>? Commands { get; init; }

    public int? GpuSecondsPerWindow { get; init; }

    public long? BytesPerWindow { get; init; }

    public string? Server { get; init; }

    public ImmutableArray<McpToolGrant>? Tools { get; init; }

    public ImmutableArray<string>? Resources { get; init; }

    public ImmutableArray<string>? Prompts { get; init; }

    public int? WindowSeconds { get; init; }
}
