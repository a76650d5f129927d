using System.Collections.Immutable;
using ToolGate.Core.Grants;
using ToolGate.Core.Shell;

namespace ToolGate.Core.Compute;

/// <summary>One agent's compute grants with their image patterns and command patterns compiled.</summary>
public sealed class ComputePolicy
{
    public static readonly ComputePolicy Empty = Compile([]);

    private ComputePolicy(ImmutableArray<CompiledComputeGrant> grants)
    {
        Grants = grants;
    }

    internal ImmutableArray<CompiledComputeGrant> Grants { get; }

    public static ComputePolicy Compile(IEnumerable<ComputeGrant> grants) => new([.. grants.Select(CompiledComputeGrant.Compile)]);
}

/// <summary>
/// A compute grant ready to decide with. Its command patterns are a shell policy of their own under the grant's id,
/// so a job command is judged by exactly the matcher shell commands are judged by.
/// </summary>
internal sealed record CompiledComputeGrant(ComputeGrant Grant, ImmutableArray<ImagePattern> Images, ShellPolicy Commands)
{
    public static CompiledComputeGrant Compile(ComputeGrant grant)
    {
        // Validation refuses entries that do not parse; should one get here, it admits nothing rather than something else.
        var images = grant.Images.Select(text => ImagePattern.TryParse(text, out var p, out _) ? p : null).OfType<ImagePattern>();
        var commands = grant.Commands.IsEmpty
            ? ShellPolicy.Empty
            : ShellPolicy.Compile([new ShellGrant { Id = grant.Id, AgentId = grant.AgentId, Source = grant.Source, ExpiresAt = grant.ExpiresAt, Allow = grant.Commands }]);
        return new CompiledComputeGrant(grant, [.. images], commands);
    }
}
