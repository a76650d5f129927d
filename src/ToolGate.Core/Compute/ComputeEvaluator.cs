using System.Collections.Immutable;
using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Shell;
using ToolGate.Core.Shell.Syntax;

namespace ToolGate.Core.Compute;

/// <summary>
/// Decides a compute action. Guardrails first, whatever the grants say: miner indicators in the image, the command
/// (every word, through wrappers and <c>sh -c</c>) and env, then env variables that change what runs. Then each
/// active grant: image (glob or pinned digest), GPUs, duration, and the command judged like a shell command against
/// the grant's command patterns. Default deny; when no grant admits, the reason is from the grant that came closest.
/// </summary>
public static class ComputeEvaluator
{
    public const string GuardrailScope = "compute";
    public const string InvalidImageRule = "compute.invalid-image";
    public const string DangerousEnvRule = "compute.dangerous-env";

    private const int MaxPatternsInReason = 3;

    public static Verdict Decide(ComputeAction action, ComputePolicy policy, ComputeGuardrails? guardrails, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(policy);
        if (action.Gpus < 0 || action.DurationSeconds <= 0)
        {
            return Verdict.Deny("gpus must be at least 0 and durationSeconds at least 1", Rules.Unclassifiable);
        }

        if (ComputeEnv.Validate(action.Env) is { } envProblem)
        {
            return Verdict.Deny(envProblem, Rules.Unclassifiable);
        }

        if (guardrails is null)
        {
            return Verdict.Deny("no compute guardrails are loaded, so no compute job can be judged", Rules.DecisionError, Severity.High);
        }

        JobCommand? tree = null;
        if (action.Command is { } command)
        {
            tree = JobCommand.Read(command, out var parseError);
            if (tree is null)
            {
                return Verdict.Deny($"the job command cannot be parsed: {parseError}", Rules.UnparseableShell);
            }
        }

        if (Guardrail(action, tree, guardrails, now) is { } hit)
        {
            return hit;
        }

        if (!ImageReference.TryParse(action.Image, out var image, out var imageError))
        {
            return Verdict.Deny($"image '{action.Image}' is not an image reference: {imageError}", InvalidImageRule);
        }

        (int Stage, Verdict Verdict)? closest = null;
        foreach (var compiled in policy.Grants)
        {
            if (!compiled.Grant.IsActiveAt(now))
            {
                continue;
            }

            var (stage, verdict) = Judge(compiled, action, image, tree, guardrails, now);
            if (verdict.IsAllowed)
            {
                return verdict;
            }

            // The grant the job got furthest with explains the denial best; the first such grant on a tie.
            if (closest is null || stage > closest.Value.Stage)
            {
                closest = (stage, verdict);
            }
        }

        return closest?.Verdict ?? Verdict.Deny("no compute grant for this agent", Rules.DefaultDeny);
    }

    /// <summary>Miner indicators anywhere, then env variables that change what runs. No grant overrides either.</summary>
    private static Verdict? Guardrail(ComputeAction action, JobCommand? tree, ComputeGuardrails guardrails, DateTimeOffset now)
    {
        if (guardrails.MinerInImage(action.Image) is { } image)
        {
            return Miner(image);
        }

        foreach (var (name, value) in action.Env ?? ImmutableSortedDictionary<string, string>.Empty)
        {
            if (guardrails.MinerInEnv(name, value) is { } env)
            {
                return Miner(env);
            }
        }

        // The command is judged with no grants: only what no grant could change (a guardrail hit) is kept here.
        if (tree is not null
            && tree.Judge(new ShellJudge(ShellPolicy.Empty, guardrails.Shell, null, now, guardrails.MinerInArgv, GuardrailScope)) is { Severity: Severity.Critical } critical)
        {
            return critical with { Reason = "job command: " + critical.Reason };
        }

        foreach (var name in (action.Env ?? ImmutableSortedDictionary<string, string>.Empty).Keys)
        {
            if (guardrails.Knowledge.IsDeniedEnv(name))
            {
                return Verdict.Deny($"env '{name}' changes which code the job runs (loader, shell or interpreter start-up)", DangerousEnvRule, Severity.High);
            }
        }

        return null;
    }

    private static Verdict Miner(string reason) =>
        Verdict.Deny(reason, Rules.ForGuardrail(GuardrailScope + "." + ComputeGuardrails.MinerClass), Severity.Critical);

    private static (int Stage, Verdict Verdict) Judge(
        CompiledComputeGrant compiled, ComputeAction action, ImageReference image, JobCommand? tree, ComputeGuardrails guardrails, DateTimeOffset now)
    {
        var grant = compiled.Grant;
        var rule = Rules.ForGrant(grant.Id);
        if (!compiled.Images.Any(p => p.Matches(image)))
        {
            return (0, Verdict.Deny(ImageProblem(compiled, action.Image, image), rule));
        }

        if (action.Gpus > grant.MaxGpus)
        {
            return (1, Verdict.Deny($"{action.Gpus} GPUs exceed the granted maximum of {grant.MaxGpus}", rule));
        }

        if (action.DurationSeconds > grant.MaxDurationSeconds)
        {
            return (2, Verdict.Deny($"{action.DurationSeconds}s exceeds the granted maximum of {grant.MaxDurationSeconds}s", rule));
        }

        var admitted = $"within compute grant ({grant.MaxGpus} GPUs, {grant.MaxDurationSeconds}s)";
        if (tree is null)
        {
            return (3, Verdict.Allow(grant, admitted));
        }

        if (grant.Commands.IsEmpty)
        {
            return (3, Verdict.Deny($"the grant lists no commands, so a job must not give one (without a command it runs the image's default)", rule));
        }

        var judged = tree.Judge(new ShellJudge(compiled.Commands, guardrails.Shell, null, now, guardrails.MinerInArgv, GuardrailScope, guardrails.Destinations), withPlan: true);
        if (!judged.IsAllowed)
        {
            return (3, judged.Rule == Rules.DefaultDeny
                ? Verdict.Deny($"command '{Shorten(action.Command!)}' matches none of the granted commands ({List(grant.Commands)})", rule)
                : judged with { Reason = "job command: " + judged.Reason });
        }

        // What runs is what was checked: one program with plain arguments, forwarded as argv (sh -c '…' for more).
        if (tree.Plan(judged) is not { Steps: [{ Negated: false, Commands: [{ Node: null, Globs.IsEmpty: true, Stdin: null, Stdout: "out", Stderr: "err" }] }] } plan)
        {
            return (3, Verdict.Deny("a job command must be one program with plain arguments (no lists, pipes, redirections or patterns; use sh -c '…')",
                Rules.UnsupportedShellConstruct));
        }

        return (4, Verdict.Allow(grant, $"{admitted}; {judged.Reason}") with { ShellPlan = plan });
    }

    private static string ImageProblem(CompiledComputeGrant compiled, string text, ImageReference image)
    {
        var granted = List(compiled.Grant.Images);
        return image.Digest is not null && compiled.Images.Any(p => p.NameMatchesButNotDigest(image))
            ? $"image '{text}' is pinned to {Shorten(image.Digest)}, which no granted image pins ({granted}); a digest is admitted only by an entry pinned to it"
            : $"image '{text}' matches none of the granted images ({granted})";
    }

    private static string List(IReadOnlyList<string> patterns) =>
        string.Join(", ", patterns.Take(MaxPatternsInReason)) + (patterns.Count > MaxPatternsInReason ? $", … {patterns.Count - MaxPatternsInReason} more" : string.Empty);

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "…";

    /// <summary>
    /// A job command read once: flat (<see cref="SimpleCommandLine"/>) when it is plain words, the way shell commands
    /// are read, else parsed into a tree. Both passes (guardrails, then each grant) judge the same reading.
    /// </summary>
    private sealed class JobCommand
    {
        private readonly SimpleCommandLine? _flat;
        private readonly CommandList? _tree;

        private JobCommand(SimpleCommandLine? flat, CommandList? tree)
        {
            _flat = flat;
            _tree = tree;
        }

        public static JobCommand? Read(string command, out string? error)
        {
            error = null;
            if (SimpleCommandLine.TryRead(command) is { } flat)
            {
                return new JobCommand(flat, null);
            }

            var parsed = ShellParser.Parse(command);
            error = parsed.Error;
            return parsed.Tree is { } tree ? new JobCommand(null, tree) : null;
        }

        public Verdict Judge(ShellJudge judge, bool withPlan = false) =>
            _flat is not null ? judge.Judge(_flat, argumentTextRuledOut: false, withPlan) : judge.Judge(_tree!);

        /// <summary>The plan of an allowed reading: the flat judge builds it with the allow, the tree is planned here.</summary>
        public ShellPlan? Plan(Verdict allowed) => _flat is not null ? allowed.ShellPlan : ShellPlan.Build(_tree!);
    }
}
