using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;

namespace ToolGate.Core.Compute;

/// <summary>
/// Decides a compute action: GPUs and duration within the grant's maxima, image matching one of its globs.
/// Foundation level: budgets, command checks and miner indicators come with the compute issue.
/// </summary>
public static class ComputeEvaluator
{
    public static Verdict Decide(ComputeAction action, ComputePolicy policy, DateTimeOffset now)
    {
        if (action.Gpus < 0 || action.DurationSeconds <= 0)
        {
            return Verdict.Deny("gpus must be at least 0 and durationSeconds at least 1", Rules.Unclassifiable);
        }

        Verdict? closest = null;
        foreach (var (grant, images) in policy.Grants)
        {
            if (!grant.IsActiveAt(now))
            {
                continue;
            }

            string? problem = null;
            if (!images.Any(glob => glob.IsMatch(action.Image)))
            {
                problem = $"image '{action.Image}' matches none of the granted images";
            }
            else if (action.Gpus > grant.MaxGpus)
            {
                problem = $"{action.Gpus} GPUs exceed the granted maximum of {grant.MaxGpus}";
            }
            else if (action.DurationSeconds > grant.MaxDurationSeconds)
            {
                problem = $"{action.DurationSeconds}s exceeds the granted maximum of {grant.MaxDurationSeconds}s";
            }

            if (problem is null)
            {
                return Verdict.Allow(grant, $"within compute grant ({grant.MaxGpus} GPUs, {grant.MaxDurationSeconds}s)");
            }

            closest ??= Verdict.Deny(problem, Rules.ForGrant(grant.Id), Severity.Low);
        }

        return closest ?? Verdict.Deny("no compute grant for this agent", Rules.DefaultDeny);
    }
}
