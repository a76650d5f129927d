using System.Text;
using ToolGate.Core.Decisions;
using ToolGate.Core.Shell.Constructs;
using ToolGate.Core.Shell.Syntax;

namespace ToolGate.Core.Shell;

// Compound statements, subshells and background jobs: denied unless an active grant of the agent lists the construct
// (ShellGrant.Constructs). Either way every command inside is judged, so a guardrail hit in one is reported as such.
internal sealed partial class ShellJudge
{
    // Only lines that use a construct get this (the plain line never allocates it).
    private ConstructUse? _constructs;

    // This judge looks at a case arm that does not run (JudgeGuardrailsOnly): the constructs in it are not reported as used.
    private bool _notRun;

    /// <summary>The loops this judge unrolled and the cases it resolved (null when the line used no construct): the plan reuses them.</summary>
    public ConstructResolutions? Resolutions => _constructs?.Resolutions;

    /// <summary>
    /// The line is run by a shell as text rather than as its plan (an MCP argument judged as shell): what that shell
    /// settles when it runs (which case arm, whether to wait for a background job) is judged as inside <c>sh -c</c>.
    /// </summary>
    public bool RunByShell { get; init; }

    private void Compound(string construct, string description, IEnumerable<CommandList> bodies, int depth)
    {
        if (!Permitted(construct))
        {
            Deny($"unsupported shell construct: {description}", Rules.UnsupportedShellConstruct, Severity.Low);
        }

        foreach (var body in bodies)
        {
            JudgeList(body, depth);
        }
    }

    private void JudgeBackground(int depth)
    {
        if (!Permitted(ShellConstructs.Background))
        {
            Deny("background job '&' (the command would outlive the call)", Rules.UnsupportedShellConstruct, Severity.High);
        }
        else if (depth > 0 || RunByShell)
        {
            // The tool waits for the jobs it starts; a shell it runs does not, and would leave this one running.
            Deny("background job '&' inside a shell's script (the shell would leave it running after the call)", Rules.UnsupportedShellConstruct, Severity.High);
        }
    }

    /// <summary>A <c>for</c> over static words is judged as its unrolled iterations (<see cref="ForLoopUnrolling"/>).</summary>
    private void JudgeFor(ForClause loop, int depth)
    {
        if (!Permitted(ShellConstructs.For))
        {
            Deny("unsupported shell construct: loop 'for'", Rules.UnsupportedShellConstruct, Severity.Low);
            JudgeList(loop.Body, depth);
            return;
        }

        if (ForLoopUnrolling.FormProblem(loop) is { } form)
        {
            Deny(form, Rules.UnsupportedShellConstruct, Severity.High);
            JudgeList(loop.Body, depth);
            return;
        }

        // An expansion in the words is named (and what a substitution would run judged) as anywhere else.
        var expandable = true;
        foreach (var item in loop.Items!.Value)
        {
            expandable &= ExpandOrDeny(item, depth, fields: null);
        }

        string? problem = null;
        if (!expandable || _constructs!.Resolutions.Unroll(loop, _constructs.Budget, out problem) is not { } iterations)
        {
            if (problem is not null)
            {
                Deny(problem, Rules.UnsupportedShellConstruct, Severity.High);
            }

            // Not unrolled: the body as written is still looked at for guardrails.
            JudgeList(loop.Body, depth);
            return;
        }

        foreach (var iteration in iterations)
        {
            JudgeList(iteration, depth);
        }
    }

    /// <summary>
    /// A <c>case</c> with a static word is resolved (<see cref="CaseResolution"/>): the arms that run are judged as usual and
    /// the others for guardrails only, since the plan holds only the arms that run. Inside a shell's script the shell
    /// decides, so there every arm is judged as usual.
    /// </summary>
    private void JudgeCase(CaseClause clause, int depth)
    {
        if (!Permitted(ShellConstructs.Case))
        {
            Deny("unsupported shell construct: case statement", Rules.UnsupportedShellConstruct, Severity.Low);
            JudgeArms(clause, depth, running: null);
            return;
        }

        var expandable = ExpandOrDeny(clause.Subject, depth, fields: null);
        foreach (var pattern in clause.Arms.SelectMany(a => a.Patterns))
        {
            expandable &= ExpandOrDeny(pattern, depth, fields: null);
        }

        string? problem = null;
        if (!expandable || _constructs!.Resolutions.ArmsThatRun(clause, out problem) is not { } running)
        {
            if (problem is not null)
            {
                Deny(problem, Rules.UnsupportedShellConstruct, Severity.High);
            }

            JudgeArms(clause, depth, running: null);
            return;
        }

        JudgeArms(clause, depth, depth == 0 && !RunByShell ? running : null);
    }

    /// <param name="running">The arms that run, the others judged for guardrails only; null: every arm judged as usual.</param>
    private void JudgeArms(CaseClause clause, int depth, IReadOnlyCollection<int>? running)
    {
        for (var i = 0; i < clause.Arms.Length; i++)
        {
            if (running is null || running.Contains(i))
            {
                JudgeList(clause.Arms[i].Body, depth);
            }
            else
            {
                JudgeGuardrailsOnly(clause.Arms[i].Body, depth);
            }
        }
    }

    /// <summary>
    /// An arm that does not run, judged by a judge of its own (sharing the line's loop budget) of which only a guardrail
    /// hit is kept: the arm is not part of what runs, so nothing else in it allows or denies the line.
    /// </summary>
    private void JudgeGuardrailsOnly(CommandList body, int depth)
    {
        var arm = new ShellJudge(policy, knowledge, cwd, now, extraGuardrail, guardrailScope, network)
        {
            RunByShell = RunByShell, _constructs = _constructs, _notRun = true,
        };
        arm.JudgeList(body, depth);
        if (arm._worst is { Severity: Severity.Critical } hit)
        {
            Record(hit);
        }
    }

    /// <summary>True when an active grant lists <paramref name="construct"/>; remembered (with the grant) for the allow's reason.</summary>
    private bool Permitted(string construct)
    {
        _constructs ??= new ConstructUse();
        if (policy.ConstructGrant(construct, now) is not { } grant)
        {
            return false;
        }

        if (!_notRun && !_constructs.Used.Exists(u => u.Construct == construct))
        {
            _constructs.Used.Add((construct, grant));
        }

        return true;
    }

    /// <summary>What an allow adds to its reason when constructs were used: <c>; constructs if, for granted by 'ops'</c>.</summary>
    private string ConstructsReason()
    {
        if (_constructs is not { Used.Count: > 0 } use)
        {
            return string.Empty;
        }

        var reason = new StringBuilder("; constructs ");
        var first = true;
        foreach (var byGrant in use.Used.GroupBy(u => u.Grant))
        {
            reason.Append(first ? string.Empty : "; ").AppendJoin(", ", byGrant.Select(u => u.Construct)).Append(" granted by '").Append(byGrant.Key.Grant.Id).Append('\'');
            first = false;
        }

        return reason.ToString();
    }

    /// <summary>What a line that uses constructs needs beyond a plain line's judgement.</summary>
    private sealed class ConstructUse
    {
        /// <summary>The loops of the whole line unroll within this.</summary>
        public UnrollBudget Budget { get; } = new();

        /// <summary>The loops unrolled and the cases resolved, for the plan.</summary>
        public ConstructResolutions Resolutions { get; } = new();

        /// <summary>Each construct used, with the grant that permitted it, in first use order.</summary>
        public List<(string Construct, CompiledShellGrant Grant)> Used { get; } = [];
    }
}
