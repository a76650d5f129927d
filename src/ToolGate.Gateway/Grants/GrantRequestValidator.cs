using FluentValidation;
using ToolGate.Core;
using ToolGate.Core.Compute;
using ToolGate.Core.Grants;
using ToolGate.Core.Network;
using ToolGate.Core.Shell;
using ToolGate.Core.Shell.Constructs;

namespace ToolGate.Gateway.Grants;

/// <summary>
/// One validator for grants from the API and from policy files. Patterns are parsed with the same Core
/// parsers the decision path uses, so a grant that validates is a grant that compiles.
/// </summary>
internal sealed class GrantRequestValidator : AbstractValidator<GrantRequest>
{
    public const string AgentIdPattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";
    public const int MaxPatterns = 1_000;
    public const int MaxGpus = 64;
    public const int MaxDurationSeconds = 7 * 24 * 3600;

    /// <summary>A compute budget window: one second to thirty days.</summary>
    public const int MaxBudgetWindowSeconds = 30 * 24 * 3600;

    /// <summary>A petabyte: more is no budget.</summary>
    public const long MaxBytesPerWindow = 1L << 50;

    public const string McpServerNamePattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

    public GrantRequestValidator()
    {
        McpRules();
        RuleFor(g => g.Id).Matches(AgentIdPattern).When(g => g.Id is not null);
        RuleFor(g => g.AgentId).NotEmpty().Matches(AgentIdPattern);
        RuleFor(g => g.Capability).NotEmpty()
            .Must(c => c is CapabilityNames.Shell or CapabilityNames.Network or CapabilityNames.Compute or CapabilityNames.Mcp)
            .WithMessage("'{PropertyValue}' is not a capability that can be granted (shell, network, compute, mcp)");

        // MCP fields belong to MCP grants only.
        When(g => g.Capability is not CapabilityNames.Mcp, () =>
        {
            RuleFor(g => g.Server).Null().WithMessage(g => $"'server' does not apply to {g.Capability} grants");
            RuleFor(g => g.Tools).Null().WithMessage(g => $"'tools' does not apply to {g.Capability} grants");
            RuleFor(g => g.Resources).Null().WithMessage(g => $"'resources' does not apply to {g.Capability} grants");
            RuleFor(g => g.Prompts).Null().WithMessage(g => $"'prompts' does not apply to {g.Capability} grants");
        });
        RuleFor(g => g.RateLimit!.Permits).InclusiveBetween(1, RateLimitSpec.MaxPermits).When(g => g.RateLimit is not null)
            .OverridePropertyName("rateLimit.permits");
        RuleFor(g => g.RateLimit!.WindowSeconds).InclusiveBetween(1, RateLimitSpec.MaxWindowSeconds).When(g => g.RateLimit is not null)
            .OverridePropertyName("rateLimit.windowSeconds");
        RuleFor(g => g.RateLimit!.Kind).Must(k => k is null or RateLimitKinds.SlidingWindow or RateLimitKinds.TokenBucket)
            .When(g => g.RateLimit is not null).OverridePropertyName("rateLimit.kind")
            .WithMessage("'{PropertyValue}' is not a rate limit kind (slidingWindow, tokenBucket)");

        When(g => g.Capability == CapabilityNames.Shell, () =>
        {
            // A grant of constructs alone is fine: the commands inside them come from any grant of the agent.
            RuleFor(g => g.Allow).NotEmpty().When(g => g.Constructs is not { Count: > 0 });
            RuleFor(g => g.Allow).Must(l => l!.Count <= MaxPatterns).When(g => g.Allow is not null);
            RuleForEach(g => g.Allow).Custom(ShellPatternIsValid);
            RuleForEach(g => g.Deny).Custom(ShellPatternIsValid);
            RuleForEach(g => g.Constructs).Must(ShellConstructs.IsKnown)
                .WithMessage($"'{{PropertyValue}}' is not a shell construct ({string.Join(", ", ShellConstructs.All)})");
            RuleForEach(g => g.Paths).Must(p => p.StartsWith('/') && !p.Any(char.IsControl))
                .WithMessage("'{PropertyValue}' must be an absolute path glob such as /workspace/**");
            RuleForEach(g => g.BreakGlass).Matches("^[a-z][a-z-]{0,63}$").WithMessage("'{PropertyValue}' is not a guardrail class such as tunnel or miner");
            When(g => g.BreakGlass is { Count: > 0 }, () =>
            {
                RuleFor(g => g.Justification).NotEmpty().MinimumLength(10).MaximumLength(1_000)
                    .WithMessage("a break-glass grant needs a justification of at least 10 characters");
                RuleFor(g => g.ExpiresAt).NotNull().WithMessage("a break-glass grant must expire (expiresAt)");
            });
            NotFor(CapabilityNames.Shell, g => g.MaxGpus, "maxGpus");
            NotFor(CapabilityNames.Shell, g => g.MaxDurationSeconds, "maxDurationSeconds");
            NotFor(CapabilityNames.Shell, g => g.Images, "images");
            NotFor(CapabilityNames.Shell, g => g.Commands, "commands");
            NotFor(CapabilityNames.Shell, g => g.GpuSecondsPerWindow, "gpuSecondsPerWindow");
            NotFor(CapabilityNames.Shell, g => g.WindowSeconds, "windowSeconds");
            NotFor(CapabilityNames.Shell, g => g.BytesPerWindow, "bytesPerWindow");
        });

        When(g => g.Capability == CapabilityNames.Network, () =>
        {
            RuleFor(g => g.Allow).NotEmpty().Must(l => l!.Count <= MaxPatterns);
            RuleForEach(g => g.Allow).Custom(NetworkPatternIsValid);
            RuleForEach(g => g.Deny).Custom(NetworkPatternIsValid);
            NotFor(CapabilityNames.Network, g => g.Paths, "paths");
            NotFor(CapabilityNames.Network, g => g.BreakGlass, "breakGlass");
            NotFor(CapabilityNames.Network, g => g.Constructs, "constructs");
            NotFor(CapabilityNames.Network, g => g.MaxGpus, "maxGpus");
            NotFor(CapabilityNames.Network, g => g.MaxDurationSeconds, "maxDurationSeconds");
            NotFor(CapabilityNames.Network, g => g.Images, "images");
            NotFor(CapabilityNames.Network, g => g.Commands, "commands");
            NotFor(CapabilityNames.Network, g => g.GpuSecondsPerWindow, "gpuSecondsPerWindow");

            // An egress budget is bytes per window: both or neither.
            RuleFor(g => g.WindowSeconds).NotNull().When(g => g.BytesPerWindow is not null)
                .WithMessage("'windowSeconds' is required with 'bytesPerWindow' (a budget is bytes per window)");
            RuleFor(g => g.BytesPerWindow).NotNull().When(g => g.WindowSeconds is not null)
                .WithMessage("'bytesPerWindow' is required with 'windowSeconds' (a budget is bytes per window)");
            RuleFor(g => g.BytesPerWindow).InclusiveBetween(1, MaxBytesPerWindow).When(g => g.BytesPerWindow is not null);
            RuleFor(g => g.WindowSeconds).InclusiveBetween(1, MaxBudgetWindowSeconds).When(g => g.WindowSeconds is not null);
        });

        When(g => g.Capability == CapabilityNames.Compute, () =>
        {
            RuleFor(g => g.MaxGpus).NotNull().InclusiveBetween(0, MaxGpus);
            RuleFor(g => g.MaxDurationSeconds).NotNull().InclusiveBetween(1, MaxDurationSeconds);
            RuleFor(g => g.Images).NotEmpty().Must(l => l!.Count <= MaxPatterns);
            RuleForEach(g => g.Images).Custom(ImagePatternIsValid);
            RuleFor(g => g.Commands).Must(l => l!.Count <= MaxPatterns).When(g => g.Commands is not null);
            RuleForEach(g => g.Commands).Custom(ShellPatternIsValid);

            // A budget is GPU-seconds per window: one without the other means nothing, so both or neither.
            RuleFor(g => g.WindowSeconds).NotNull().When(g => g.GpuSecondsPerWindow is not null)
                .WithMessage("'windowSeconds' is required with 'gpuSecondsPerWindow' (a budget is GPU-seconds per window)");
            RuleFor(g => g.GpuSecondsPerWindow).NotNull().When(g => g.WindowSeconds is not null)
                .WithMessage("'gpuSecondsPerWindow' is required with 'windowSeconds' (a budget is GPU-seconds per window)");
            RuleFor(g => g.GpuSecondsPerWindow).InclusiveBetween(1, MaxGpus * MaxBudgetWindowSeconds).When(g => g.GpuSecondsPerWindow is not null);
            RuleFor(g => g.WindowSeconds).InclusiveBetween(1, MaxBudgetWindowSeconds).When(g => g.WindowSeconds is not null);
            NotFor(CapabilityNames.Compute, g => g.Allow, "allow");
            NotFor(CapabilityNames.Compute, g => g.Deny, "deny");
            NotFor(CapabilityNames.Compute, g => g.Paths, "paths");
            NotFor(CapabilityNames.Compute, g => g.BreakGlass, "breakGlass");
            NotFor(CapabilityNames.Compute, g => g.Constructs, "constructs");
            NotFor(CapabilityNames.Compute, g => g.BytesPerWindow, "bytesPerWindow");
        });
    }

    private void McpRules()
    {
        When(g => g.Capability == CapabilityNames.Mcp, () =>
        {
            RuleFor(g => g.Server).NotEmpty().Matches(McpServerNamePattern)
                .WithMessage("'server' must name a configured MCP server (letters, digits, '.', '_', '-')");
            RuleFor(g => g).Must(g => g.Tools is { Count: > 0 } || g.Resources is { Count: > 0 } || g.Prompts is { Count: > 0 })
                .OverridePropertyName("tools").WithMessage("an MCP grant must grant at least one tool, resource or prompt");
            RuleFor(g => g.Tools).Must(t => t!.Count <= MaxPatterns).When(g => g.Tools is not null);
            RuleForEach(g => g.Tools).Custom(McpToolIsValid);
            RuleForEach(g => g.Resources).NotEmpty().MaximumLength(2_048);
            RuleForEach(g => g.Prompts).NotEmpty().MaximumLength(256);
            NotFor(CapabilityNames.Mcp, g => g.Allow, "allow");
            NotFor(CapabilityNames.Mcp, g => g.Deny, "deny");
            NotFor(CapabilityNames.Mcp, g => g.Paths, "paths");
            NotFor(CapabilityNames.Mcp, g => g.BreakGlass, "breakGlass");
            NotFor(CapabilityNames.Mcp, g => g.Constructs, "constructs");
            NotFor(CapabilityNames.Mcp, g => g.MaxGpus, "maxGpus");
            NotFor(CapabilityNames.Mcp, g => g.MaxDurationSeconds, "maxDurationSeconds");
            NotFor(CapabilityNames.Mcp, g => g.Images, "images");
            NotFor(CapabilityNames.Mcp, g => g.Commands, "commands");
            NotFor(CapabilityNames.Mcp, g => g.GpuSecondsPerWindow, "gpuSecondsPerWindow");
            NotFor(CapabilityNames.Mcp, g => g.BytesPerWindow, "bytesPerWindow");
            NotFor(CapabilityNames.Mcp, g => g.WindowSeconds, "windowSeconds");
        });
    }

    private static void McpToolIsValid(McpToolRequest tool, ValidationContext<GrantRequest> context)
    {
        if (string.IsNullOrWhiteSpace(tool?.Name) || tool.Name.Length > 256)
        {
            context.AddFailure("tools", "every tool needs a 'name' of 1 to 256 characters");
            return;
        }

        foreach (var (argument, constraint) in tool.Arguments ?? [])
        {
            var where = $"tools[{tool.Name}].arguments.{argument}";
            if (constraint is null)
            {
                context.AddFailure(where, "a constraint object is required");
                continue;
            }

            if (constraint.As is { } kind && kind is not ("path" or "network" or "shell"))
            {
                context.AddFailure(where + ".as", $"'{kind}' is not an action kind (path, network, shell)");
            }

            if (constraint.As == "path" && string.IsNullOrEmpty(constraint.Glob))
            {
                context.AddFailure(where + ".glob", "an argument judged as a path needs the glob it must stay inside");
            }

            if (constraint.Regex is { } regex)
            {
                try
                {
                    _ = new System.Text.RegularExpressions.Regex(regex, System.Text.RegularExpressions.RegexOptions.NonBacktracking);
                }
                catch (ArgumentException e)
                {
                    context.AddFailure(where + ".regex", $"'{regex}' is not a usable regular expression: {e.Message}");
                }
            }

            if (constraint.MaxLength is < 0)
            {
                context.AddFailure(where + ".maxLength", "must not be negative");
            }

            if (constraint.Minimum > constraint.Maximum)
            {
                context.AddFailure(where + ".minimum", "must not be greater than 'maximum'");
            }

            if (constraint.Enum is { Count: 0 })
            {
                context.AddFailure(where + ".enum", "an empty enum allows nothing; leave it out or list values");
            }
        }
    }

    private void NotFor<T>(string capability, System.Linq.Expressions.Expression<Func<GrantRequest, T?>> field, string name) =>
        RuleFor(field).Null().OverridePropertyName(name).WithMessage($"'{name}' does not apply to {capability} grants");

    private static void ShellPatternIsValid(string pattern, ValidationContext<GrantRequest> context)
    {
        if (!ShellPattern.TryParse(pattern ?? string.Empty, out _, out var error))
        {
            context.AddFailure($"'{pattern}' is not a valid shell pattern: {error}");
        }
    }

    private static void ImagePatternIsValid(string pattern, ValidationContext<GrantRequest> context)
    {
        if (!ImagePattern.TryParse(pattern ?? string.Empty, out _, out var error))
        {
            context.AddFailure($"'{pattern}' is not a valid image pattern: {error}");
        }
    }

    private static void NetworkPatternIsValid(string pattern, ValidationContext<GrantRequest> context)
    {
        if (!NetworkPattern.TryParse(pattern ?? string.Empty, out _, out var error))
        {
            context.AddFailure($"'{pattern}' is not a valid network pattern: {error}");
        }
    }
}
