using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Shell;

namespace ToolGate.Benchmarks.Shell;

/// <summary>
/// The foundation's shell decision (<c>ShellEvaluator.Decide</c> at commit 8f88ec1, before the parser), kept
/// here to compare the parser-grade path with: tokenise with <see cref="ShellTokenizer"/> (one simple command,
/// anything else refused), the foundation's guardrails and dangerous options
/// (<see cref="FoundationGuardrails"/>), deny patterns, then allow patterns with their <see cref="PathScope"/>.
/// It handles a single simple command only, so it is compared on single-command lines only.
/// </summary>
internal static class FoundationShellMatcher
{
    public static Verdict Decide(ShellAction action, ShellPolicy policy, DateTimeOffset now)
    {
        var tokens = ShellTokenizer.Tokenize(action.Command);
        if (!tokens.IsValid)
        {
            return Verdict.Deny(tokens.Error!, Rules.UnsupportedShellConstruct);
        }

        var argv = tokens.Words;
        if (FoundationGuardrails.Check(argv) is { } guardrail)
        {
            return Verdict.Deny(guardrail.Reason, Rules.ForGuardrail(guardrail.Name), Severity.Critical);
        }

        if (FoundationGuardrails.FindDangerousOption(argv) is { } option)
        {
            return Verdict.Deny($"option '{option}' makes '{argv[0]}' run code or write files", Rules.DangerousOption, Severity.High);
        }

        if (policy.DenyByProgram.TryGetValue(argv[0], out var denies))
        {
            foreach (var (pattern, compiled) in denies)
            {
                if (compiled.Grant.IsActiveAt(now) && pattern.Matches(argv))
                {
                    return Verdict.Deny($"command matches deny pattern '{pattern}'", Rules.ForGrant(compiled.Grant.Id), Severity.High);
                }
            }
        }

        Verdict? outOfScope = null;
        if (policy.AllowByProgram.TryGetValue(argv[0], out var allows))
        {
            foreach (var (pattern, compiled) in allows)
            {
                if (!compiled.Grant.IsActiveAt(now) || !pattern.Matches(argv))
                {
                    continue;
                }

                if (compiled.Paths.Check(argv, action.Cwd) is { } pathProblem)
                {
                    outOfScope ??= Verdict.Deny(pathProblem, Rules.ForGrant(compiled.Grant.Id), Severity.High);
                    continue;
                }

                return Verdict.Allow(compiled.Grant, $"command matches '{pattern}'");
            }
        }

        return outOfScope ?? Verdict.Deny($"no shell grant allows '{argv[0]}' with these arguments", Rules.DefaultDeny);
    }
}
