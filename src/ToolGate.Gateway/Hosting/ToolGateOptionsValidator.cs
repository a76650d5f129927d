using System.Net;
using FluentValidation;
using ToolGate.Gateway.Upstreams;

namespace ToolGate.Gateway.Hosting;

/// <summary>Every rule on <see cref="ToolGateOptions"/>; all failures are reported together, by field.</summary>
internal sealed class ToolGateOptionsValidator : AbstractValidator<ToolGateOptions>
{
    public ToolGateOptionsValidator()
    {
        RuleFor(o => o.Listen.Agents).Must(BeListenUrl).OverridePropertyName("ToolGate:Listen:Agents")
            .WithMessage("must be http://<ip address>:<port>, e.g. http://127.0.0.1:8080");
        RuleFor(o => o.Listen.Admin).Must(BeListenUrl).OverridePropertyName("ToolGate:Listen:Admin")
            .WithMessage("must be http://<ip address>:<port>, e.g. http://127.0.0.1:8081");
        RuleFor(o => o.Listen.Egress).Must(BeListenUrl).OverridePropertyName("ToolGate:Listen:Egress")
            .WithMessage("must be http://<ip address>:<port>, e.g. http://127.0.0.1:3128");
        RuleFor(o => o).Must(o => !SameFixedEndpoint(o.Listen.Agents, o.Listen.Admin)
                && !SameFixedEndpoint(o.Listen.Agents, o.Listen.Egress) && !SameFixedEndpoint(o.Listen.Admin, o.Listen.Egress))
            .OverridePropertyName("ToolGate:Listen")
            .WithMessage("the agent, admin and egress listeners must not share an address");
        RuleFor(o => o.DataDirectory).NotEmpty().OverridePropertyName("ToolGate:DataDirectory");
        RuleFor(o => o.PoliciesDirectory).NotEmpty().OverridePropertyName("ToolGate:PoliciesDirectory");
        RuleFor(o => o.Admin.ApiKey).MinimumLength(32).When(o => o.Admin.ApiKey is not null).OverridePropertyName("ToolGate:Admin:ApiKey")
            .WithMessage("must be at least 32 characters (or unset, to have one generated)");
        RuleForEach(o => o.Egress.AllowedNetworks).Must(n => IPNetwork.TryParse(n, out _)).OverridePropertyName("ToolGate:Egress:AllowedNetworks")
            .WithMessage("'{PropertyValue}' is not a CIDR network such as 127.0.0.1/32");
        RuleFor(o => o.Egress.ResolveTimeoutSeconds).InclusiveBetween(1, 60).OverridePropertyName("ToolGate:Egress:ResolveTimeoutSeconds");
        RuleFor(o => o.Egress.ConnectTimeoutSeconds).InclusiveBetween(1, 120).OverridePropertyName("ToolGate:Egress:ConnectTimeoutSeconds");
        RuleFor(o => o.Egress.HeaderTimeoutSeconds).InclusiveBetween(1, 120).OverridePropertyName("ToolGate:Egress:HeaderTimeoutSeconds");
        RuleFor(o => o.Egress.MaxHeaderBytes).InclusiveBetween(1024, 1024 * 1024).OverridePropertyName("ToolGate:Egress:MaxHeaderBytes");
        RuleFor(o => o.Egress.IdleTimeoutSeconds).InclusiveBetween(1, 86_400).OverridePropertyName("ToolGate:Egress:IdleTimeoutSeconds");
        RuleFor(o => o.Egress.MaxTunnelSeconds).InclusiveBetween(1, 7 * 86_400).OverridePropertyName("ToolGate:Egress:MaxTunnelSeconds");
        RuleFor(o => o.Egress.RecheckSeconds).InclusiveBetween(1, 3600).OverridePropertyName("ToolGate:Egress:RecheckSeconds");
        RuleFor(o => o.Egress.MaxTunnelsPerAgent).InclusiveBetween(1, 100_000).OverridePropertyName("ToolGate:Egress:MaxTunnelsPerAgent");
        RuleFor(o => o.Requests.MaxBodyBytes).InclusiveBetween(1024, 64 * 1024 * 1024).OverridePropertyName("ToolGate:Requests:MaxBodyBytes");
        RuleFor(o => o.Audit.MaxBatchSize).InclusiveBetween(1, 10_000).OverridePropertyName("ToolGate:Audit:MaxBatchSize");
        RuleFor(o => o.Limits.PerAgent.Permits).InclusiveBetween(0, Core.Grants.RateLimitSpec.MaxPermits).OverridePropertyName("ToolGate:Limits:PerAgent:Permits");
        RuleFor(o => o.Limits.PerAgent.WindowSeconds).InclusiveBetween(1, Core.Grants.RateLimitSpec.MaxWindowSeconds).OverridePropertyName("ToolGate:Limits:PerAgent:WindowSeconds");
        RuleFor(o => o.Limits.PerAgent.Kind).IsInEnum().OverridePropertyName("ToolGate:Limits:PerAgent:Kind");
        RuleFor(o => o.Compute.UsageReportUrl).Must(BeHttpUrl).When(o => !string.IsNullOrEmpty(o.Compute.UsageReportUrl))
            .OverridePropertyName("ToolGate:Compute:UsageReportUrl").WithMessage("must be an absolute http:// or https:// URL");
        RuleForEach(o => o.Mcp.Servers).Must(s => System.Text.RegularExpressions.Regex.IsMatch(s.Key, Grants.GrantRequestValidator.McpServerNamePattern)
                && BeHttpUrl(s.Value?.Url))
            .OverridePropertyName("ToolGate:Mcp:Servers")
            .WithMessage((_, s) => $"server '{s.Key}' needs a name of letters, digits, '.', '_', '-' and a Url that is an absolute http:// or https:// URL (got '{s.Value?.Url}')");
        RuleFor(o => o.Mcp.MaxMessageBytes).InclusiveBetween(1024, 64 * 1024 * 1024).OverridePropertyName("ToolGate:Mcp:MaxMessageBytes");
        RuleFor(o => o.Mcp.OutcomeReadBytes).InclusiveBetween(1024, 64 * 1024 * 1024).OverridePropertyName("ToolGate:Mcp:OutcomeReadBytes");
        RuleFor(o => o.Quarantine.DenialThreshold).InclusiveBetween(0, 100_000).OverridePropertyName("ToolGate:Quarantine:DenialThreshold");
        RuleFor(o => o.Quarantine.DenialWindowSeconds).InclusiveBetween(1, 86_400).OverridePropertyName("ToolGate:Quarantine:DenialWindowSeconds");
        RuleFor(o => o.Quarantine.ProbeThreshold).InclusiveBetween(1, 100_000).OverridePropertyName("ToolGate:Quarantine:ProbeThreshold");
        RuleFor(o => o.Quarantine.ProbeWindowSeconds).InclusiveBetween(1, 86_400).OverridePropertyName("ToolGate:Quarantine:ProbeWindowSeconds");
        RuleFor(o => o.Quarantine.NewDestinationBurst).InclusiveBetween(1, 100_000).OverridePropertyName("ToolGate:Quarantine:NewDestinationBurst");
        RuleFor(o => o.Quarantine.BurstWindowSeconds).InclusiveBetween(1, 86_400).OverridePropertyName("ToolGate:Quarantine:BurstWindowSeconds");
        RuleFor(o => o.Alerts.WebhookUrl).Must(BeHttpUrl).When(o => !string.IsNullOrEmpty(o.Alerts.WebhookUrl))
            .OverridePropertyName("ToolGate:Alerts:WebhookUrl").WithMessage("must be an absolute http:// or https:// URL");
        RuleFor(o => o.Alerts.WebhookSecret).MinimumLength(16).When(o => !string.IsNullOrEmpty(o.Alerts.WebhookSecret))
            .OverridePropertyName("ToolGate:Alerts:WebhookSecret").WithMessage("must be at least 16 characters");
        RuleFor(o => o.Alerts.MaxAttempts).InclusiveBetween(1, 20).OverridePropertyName("ToolGate:Alerts:MaxAttempts");
        RuleFor(o => o.Alerts.RetryDelayMilliseconds).InclusiveBetween(1, 60_000).OverridePropertyName("ToolGate:Alerts:RetryDelayMilliseconds");
        RuleFor(o => o.Alerts.TimeoutSeconds).InclusiveBetween(1, 120).OverridePropertyName("ToolGate:Alerts:TimeoutSeconds");
        RuleFor(o => o.Alerts.QueueCapacity).InclusiveBetween(1, 1_000_000).OverridePropertyName("ToolGate:Alerts:QueueCapacity");
        RuleFor(o => o.Audit.AppendTimeoutMilliseconds).InclusiveBetween(100, 120_000).OverridePropertyName("ToolGate:Audit:AppendTimeoutMilliseconds");
        Include(new UpstreamOptionsValidator());
    }

    public static bool TryParseListenUrl(string? value, out IPEndPoint endPoint)
    {
        endPoint = null!;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
            || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
        {
            return false;
        }

        var host = uri.Host == "localhost" ? "127.0.0.1" : uri.Host.Trim('[', ']');
        if (!IPAddress.TryParse(host, out var address))
        {
            return false;
        }

        endPoint = new IPEndPoint(address, uri.Port);
        return true;
    }

    private static bool BeListenUrl(string? value) => TryParseListenUrl(value, out _);

    private static bool BeHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static bool SameFixedEndpoint(string a, string b) =>
        TryParseListenUrl(a, out var x) && TryParseListenUrl(b, out var y) && x.Port != 0 && x.Equals(y);
}
