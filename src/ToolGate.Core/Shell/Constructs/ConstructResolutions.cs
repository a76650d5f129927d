using System.Collections.Immutable;
using ToolGate.Core.Shell.Syntax;

namespace ToolGate.Core.Shell.Constructs;

/// <summary>
/// The unrolled <c>for</c> loops and resolved <c>case</c> statements of one line, by node: the judge fills it and the plan
/// reads it, so the plan holds the very iterations and arms that were judged (and the work is done once).
/// </summary>
internal sealed class ConstructResolutions
{
    private readonly Dictionary<ForClause, ImmutableArray<CommandList>> _loops = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<CaseClause, ImmutableArray<int>> _cases = new(ReferenceEqualityComparer.Instance);

    /// <summary><see cref="ForLoopUnrolling.Unroll"/>, once per loop node (a loop unrolled before is not charged again).</summary>
    public ImmutableArray<CommandList>? Unroll(ForClause loop, UnrollBudget budget, out string? problem)
    {
        problem = null;
        if (_loops.TryGetValue(loop, out var known))
        {
            return known;
        }

        var iterations = ForLoopUnrolling.Unroll(loop, budget, out problem);
        if (iterations is { } unrolled)
        {
            _loops[loop] = unrolled;
        }

        return iterations;
    }

    /// <summary><see cref="CaseResolution.ArmsThatRun"/>, once per case node.</summary>
    public ImmutableArray<int>? ArmsThatRun(CaseClause clause, out string? problem)
    {
        problem = null;
        if (_cases.TryGetValue(clause, out var known))
        {
            return known;
        }

        var running = CaseResolution.ArmsThatRun(clause, out problem);
        if (running is { } arms)
        {
            _cases[clause] = arms;
        }

        return running;
    }
}
