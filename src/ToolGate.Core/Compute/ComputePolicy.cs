using System.Collections.Immutable;
using ToolGate.Core.Grants;
using ToolGate.Core.Text;

namespace ToolGate.Core.Compute;

/// <summary>One agent's compute grants with their image globs compiled.</summary>
public sealed class ComputePolicy
{
    public static readonly ComputePolicy Empty = Compile([]);

    private ComputePolicy(ImmutableArray<(ComputeGrant Grant, ImmutableArray<GlobPattern> Images)> grants)
    {
        Grants = grants;
    }

    internal ImmutableArray<(ComputeGrant Grant, ImmutableArray<GlobPattern> Images)> Grants { get; }

    public static ComputePolicy Compile(IEnumerable<ComputeGrant> grants) =>
        new([.. grants.Select(g => (g, g.Images.Select(GlobPattern.Create).ToImmutableArray()))]);
}
