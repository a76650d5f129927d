using System.Globalization;
using System.Text.Json;
using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Network;
using ToolGate.Core.Policies;
using ToolGate.Core.Shell;

namespace ToolGate.Core.Mcp;

/// <summary>
/// Decides an MCP request: the server must be granted; a tool call must name a granted tool and every argument must
/// satisfy its constraint (unknown arguments denied unless the grant allows extras); an argument classified
/// <c>as</c> shell or network is judged as that action, by the agent's grants and that capability's guardrails.
/// Resource reads and prompt gets need a matching URI glob or prompt name. Default deny.
/// </summary>
public static class McpEvaluator
{
    public const string ToolNotGranted = "mcp.tool-not-granted";
    public const string ArgumentRule = "mcp.argument";
    public const string ResourceNotGranted = "mcp.resource-not-granted";
    public const string PromptNotGranted = "mcp.prompt-not-granted";

    public static Verdict Decide(McpAction action, AgentPolicy policy, PolicySnapshot snapshot, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(policy);
        var grants = policy.Mcp.For(action.Server).Where(g => g.Grant.IsActiveAt(now)).ToList();
        if (grants.Count == 0)
        {
            return Verdict.Deny($"no MCP grant for server '{action.Server}'", Rules.DefaultDeny);
        }

        return action.Operation switch
        {
            McpOperation.CallTool => DecideCall(action, grants, policy, snapshot, now),
            McpOperation.ReadResource when !McpPaths.IsPlainUri(action.Name, out var uriError) =>
                Verdict.Deny($"resource '{action.Name}' is not accepted: {uriError}", ResourceNotGranted),
            McpOperation.ReadResource => grants.FirstOrDefault(g => g.Resources.Any(r => r.IsMatch(action.Name))) is { } r
                ? Verdict.Allow(r.Grant, $"resource '{action.Name}' granted on server '{action.Server}'")
                : Verdict.Deny($"resource '{action.Name}' on server '{action.Server}' is not granted", ResourceNotGranted),
            _ => grants.FirstOrDefault(g => g.Grant.Prompts.Any(p => p == "*" || p == action.Name)) is { } p
                ? Verdict.Allow(p.Grant, $"prompt '{action.Name}' granted on server '{action.Server}'")
                : Verdict.Deny($"prompt '{action.Name}' on server '{action.Server}' is not granted", PromptNotGranted),
        };
    }

    private static Verdict DecideCall(McpAction action, List<CompiledMcpGrant> grants, AgentPolicy policy, PolicySnapshot snapshot, DateTimeOffset now)
    {
        if (action.Arguments.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            return Verdict.Deny("'arguments' must be a JSON object", ArgumentRule);
        }

        Verdict? closest = null;
        foreach (var grant in grants)
        {
            if (!grant.Tools.TryGetValue(action.Name, out var tool))
            {
                continue;
            }

            var problem = CheckArguments(action, tool, policy, snapshot, now);
            if (problem is null)
            {
                return Verdict.Allow(grant.Grant, $"tool '{action.Name}' granted on server '{action.Server}' with these arguments");
            }

            // A guardrail finding is reported as is (a critical one quarantines); otherwise the first grant's reason.
            if (closest is null || problem.Severity > closest.Severity)
            {
                closest = problem;
            }
        }

        return closest ?? Verdict.Deny($"tool '{action.Name}' on server '{action.Server}' is not granted", ToolNotGranted);
    }

    private static Verdict? CheckArguments(McpAction action, CompiledMcpTool tool, AgentPolicy policy, PolicySnapshot snapshot, DateTimeOffset now)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        if (action.Arguments.ValueKind == JsonValueKind.Object)
        {
            foreach (var argument in action.Arguments.EnumerateObject())
            {
                if (!present.Add(argument.Name))
                {
                    return Verdict.Deny($"argument '{argument.Name}' is given twice", ArgumentRule);
                }

                if (!tool.Arguments.TryGetValue(argument.Name, out var constraint))
                {
                    if (tool.ConstrainedLookalike(argument.Name) is { } lookalike)
                    {
                        return Verdict.Deny(
                            $"argument '{argument.Name}' is spelled like the constrained argument '{lookalike}' (a server may read it as that)", ArgumentRule);
                    }

                    if (tool.Grant.AllowExtraArguments)
                    {
                        continue;
                    }

                    return Verdict.Deny($"argument '{argument.Name}' of tool '{action.Name}' is not granted", ArgumentRule);
                }

                if (Check(argument.Name, argument.Value, constraint, policy, snapshot, now) is { } denied)
                {
                    return denied;
                }
            }
        }

        foreach (var (name, constraint) in tool.Arguments)
        {
            if (constraint.Constraint.Required && !present.Contains(name))
            {
                return Verdict.Deny($"argument '{name}' of tool '{action.Name}' is required", ArgumentRule);
            }
        }

        return null;
    }

    private static Verdict? Check(string name, JsonElement value, CompiledConstraint compiled, AgentPolicy policy, PolicySnapshot snapshot, DateTimeOffset now)
    {
        var c = compiled.Constraint;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : null;
        Verdict Deny(string why) => Verdict.Deny($"argument '{name}' {why}", ArgumentRule);

        if (c.As is { } kind)
        {
            if (text is null)
            {
                return Deny($"must be a string (it is judged as a {kind} action)");
            }

            var judged = kind switch
            {
                "shell" => ShellEvaluator.DecideShellText(new ShellAction(text, null), policy.Shell, snapshot.ShellKnowledge, now, snapshot.ShellNetwork),
                "network" => NetworkEvaluator.Decide(new NetworkAction(text), policy.Network, snapshot.NetworkKnowledge, snapshot.Settings, now),
                "path" => McpPaths.Normalise(text, out var normalised, out var error)
                    ? (compiled.Glob is null || compiled.Glob.IsMatch(normalised) ? null : Deny($"path '{normalised}' is outside '{c.Glob}'"))
                    : Deny(error),
                _ => Deny($"has an unknown 'as' kind '{kind}'"),
            };
            if (judged is { IsAllowed: false })
            {
                // Keep the rule and severity of a guardrail: a reverse shell in an argument is as critical as on a shell route.
                return judged.Rule == ArgumentRule ? judged : judged with { Reason = $"argument '{name}' as a {kind} action: {judged.Reason}" };
            }
        }
        else if (compiled.Glob is { } glob && (text is null || !glob.IsMatch(text)))
        {
            return Deny($"does not match '{c.Glob}'");
        }

        if (compiled.Regex is { } regex && (text is null || !regex.IsMatch(text)))
        {
            return Deny($"does not match the pattern '{c.Regex}'");
        }

        if (!c.Enum.IsDefaultOrEmpty && !c.Enum.Contains(text ?? value.GetRawText(), StringComparer.Ordinal))
        {
            return Deny($"must be one of {string.Join(", ", c.Enum)}");
        }

        if (c.MaxLength is { } max && (text?.Length ?? value.GetRawText().Length) > max)
        {
            return Deny($"is longer than {max.ToString(CultureInfo.InvariantCulture)} characters");
        }

        if (c.Minimum is not null || c.Maximum is not null)
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
            {
                return Deny("must be a number");
            }

            if (number < c.Minimum || number > c.Maximum)
            {
                return Deny($"must be between {c.Minimum?.ToString(CultureInfo.InvariantCulture) ?? "-∞"} and {c.Maximum?.ToString(CultureInfo.InvariantCulture) ?? "∞"}");
            }
        }

        return null;
    }
}
