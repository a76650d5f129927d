using FluentValidation;
using ToolGate.Gateway.Hosting;

namespace ToolGate.Gateway.Upstreams;

/// <summary>The <c>ToolGate:Upstreams</c> rules, included in <see cref="ToolGateOptionsValidator"/>.</summary>
internal sealed class UpstreamOptionsValidator : AbstractValidator<ToolGateOptions>
{
    public UpstreamOptionsValidator()
    {
        RuleFor(o => o.Upstreams.TimeoutSeconds)
            .InclusiveBetween(UpstreamOptions.MinTimeoutSeconds, UpstreamOptions.MaxTimeoutSeconds)
            .OverridePropertyName("ToolGate:Upstreams:TimeoutSeconds");
        RuleFor(o => o.Upstreams.BreakerFailureRatio)
            .InclusiveBetween(UpstreamOptions.MinFailureRatio, UpstreamOptions.MaxFailureRatio)
            .OverridePropertyName("ToolGate:Upstreams:BreakerFailureRatio");
        RuleFor(o => o.Upstreams.BreakerMinimumThroughput)
            .InclusiveBetween(UpstreamOptions.MinMinimumThroughput, UpstreamOptions.MaxMinimumThroughput)
            .OverridePropertyName("ToolGate:Upstreams:BreakerMinimumThroughput");
        RuleFor(o => o.Upstreams.BreakerSamplingSeconds)
            .InclusiveBetween(UpstreamOptions.MinWindowSeconds, UpstreamOptions.MaxWindowSeconds)
            .OverridePropertyName("ToolGate:Upstreams:BreakerSamplingSeconds");
        RuleFor(o => o.Upstreams.BreakDurationSeconds)
            .InclusiveBetween(UpstreamOptions.MinWindowSeconds, UpstreamOptions.MaxWindowSeconds)
            .OverridePropertyName("ToolGate:Upstreams:BreakDurationSeconds");
    }
}
