using FluentValidation;
using ToolGate.Core;
using ToolGate.Core.Compute;
using ToolGate.Core.Grants;
using ToolGate.Core.Network;
using ToolGate.Core.Shell;

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

    public GrantRequestValidator()
    {
        RuleFor(g => g.Id).Matches(AgentIdPattern).When(g => g.Id is not null);
        RuleFor(g => g.AgentId).NotEmpty().Matches(AgentIdPattern);
        RuleFor(g => g.Capability).NotEmpty()
            .Must(c => c is CapabilityNames.Shell or CapabilityNames.Network or CapabilityNames.Compute)
            .WithMessage("'{PropertyValue}' is not a capability that can be granted (shell, network, compute)");
        RuleFor(g => g.RateLimit!.Permits).InclusiveBetween(1, RateLimitSpec.MaxPermits).When(g => g.RateLimit is not null)
            .OverridePropertyName("rateLimit.permits");
        RuleFor(g => g.RateLimit!.WindowSeconds).InclusiveBetween(1, RateLimitSpec.MaxWindowSeconds).When(g => g.RateLimit is not null)
            .OverridePropertyName("rateLimit.windowSeconds");
        RuleFor(g => g.RateLimit!.Kind).Must(k => k is null or RateLimitKinds.SlidingWindow or RateLimitKinds.TokenBucket)
            .When(g => g.RateLimit is not null).OverridePropertyName("rateLimit.kind")
            .WithMessage("'{PropertyValue}' is not a rate limit kind (slidingWindow, tokenBucket)");

        When(g => g.Capability == CapabilityNames.Shell, () =>
        {
            RuleFor(g => g.Allow).NotEmpty().Must(l => l!.Count <= MaxPatterns);
            RuleForEach(g => g.Allow).Custom(ShellPatternIsValid);
            RuleForEach(g => g.Deny).Custom(ShellPatternIsValid);
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
            NotFor(CapabilityNames.Compute, g => g.BytesPerWindow, "bytesPerWindow");
        });
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
