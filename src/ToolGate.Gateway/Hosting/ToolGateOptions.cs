using ToolGate.Gateway.Upstreams;

namespace ToolGate.Gateway.Hosting;

/// <summary>The <c>ToolGate</c> configuration section. Validated at start-up; an invalid value stops the gateway.</summary>
public sealed class ToolGateOptions
{
    public const string SectionName = "ToolGate";

    public ListenOptions Listen { get; set; } = new();

    /// <summary>Where the SQLite database (agents, grants, audit) and the admin key hash live.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>YAML policy files declaring grants as code; loaded at start-up and on change.</summary>
    public string PoliciesDirectory { get; set; } = "policies";

    public AdminOptions Admin { get; set; } = new();

    public EgressOptions Egress { get; set; } = new();

    public RequestOptions Requests { get; set; } = new();

    public AuditOptions Audit { get; set; } = new();

    public LimitsOptions Limits { get; set; } = new();

    public ComputeOptions Compute { get; set; } = new();

    public McpOptions Mcp { get; set; } = new();

    public QuarantineOptions Quarantine { get; set; } = new();

    public AlertsOptions Alerts { get; set; } = new();

    public UpstreamOptions Upstreams { get; set; } = new();

    public sealed class ListenOptions
    {
        public const string DefaultAgents = "http://127.0.0.1:8080";
        public const string DefaultAdmin = "http://127.0.0.1:8081";
        public const string DefaultEgress = "http://127.0.0.1:3128";

        /// <summary>Tool routes for agents. An agent key works here only.</summary>
        public string Agents { get; set; } = DefaultAgents;

        /// <summary>Admin REST API, Swagger and audit queries. The admin key works here only.</summary>
        public string Admin { get; set; } = DefaultAdmin;

        /// <summary>The egress forward proxy (HTTP and CONNECT) agents' sandboxes use as HTTP(S)_PROXY.</summary>
        public string Egress { get; set; } = DefaultEgress;
    }

    public sealed class AdminOptions
    {
        /// <summary>The admin bearer key. When unset, one is generated on first start and printed once.</summary>
        public string? ApiKey { get; set; }
    }

    public sealed class EgressOptions
    {
        /// <summary>CIDRs opened despite the address-class guardrail (default none), e.g. <c>127.0.0.1/32</c>.</summary>
        public List<string> AllowedNetworks { get; set; } = [];

        /// <summary>Longest wait for DNS before a network action is refused.</summary>
        public int ResolveTimeoutSeconds { get; set; } = 5;

        /// <summary>Longest wait for the destination to accept the connection.</summary>
        public int ConnectTimeoutSeconds { get; set; } = 10;

        /// <summary>A proxy client must finish its request head within this time (slow-loris guard).</summary>
        public int HeaderTimeoutSeconds { get; set; } = 10;

        /// <summary>Largest proxy request head (request line and headers).</summary>
        public int MaxHeaderBytes { get; set; } = 16 * 1024;

        /// <summary>A tunnel with no bytes either way for this long is closed.</summary>
        public int IdleTimeoutSeconds { get; set; } = 300;

        /// <summary>Any tunnel is closed after this long, busy or not.</summary>
        public int MaxTunnelSeconds { get; set; } = 3600;

        /// <summary>
        /// How often live tunnels are decided again (also at once on every grant change): a tunnel lasts only as long
        /// as a grant allows it, so an expired grant cuts it within this time.
        /// </summary>
        public int RecheckSeconds { get; set; } = 5;

        /// <summary>Open tunnels (and proxied requests) one agent may have at once.</summary>
        public int MaxTunnelsPerAgent { get; set; } = 32;
    }

    public sealed class RequestOptions
    {
        public const int DefaultMaxBodyBytes = 1024 * 1024;

        /// <summary>Largest tool-call body the gateway reads to classify; larger ones are refused (413).</summary>
        public int MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;
    }

    public sealed class AuditOptions
    {
        public const int DefaultMaxBatchSize = 256;
        public const int DefaultAppendTimeoutMilliseconds = 5_000;

        /// <summary>Most records committed in one transaction (group commit).</summary>
        public int MaxBatchSize { get; set; } = DefaultMaxBatchSize;

        /// <summary>How long a request waits for its audit record to commit before it is refused (503).</summary>
        public int AppendTimeoutMilliseconds { get; set; } = DefaultAppendTimeoutMilliseconds;
    }

    /// <summary>When an agent's behaviour quarantines it or raises an alert (counts within windows).</summary>
    public sealed class QuarantineOptions
    {
        /// <summary>This many denials within <see cref="DenialWindowSeconds"/> quarantine the agent (0: off; not advised outside load tests).</summary>
        public int DenialThreshold { get; set; } = 5;

        public int DenialWindowSeconds { get; set; } = 60;

        /// <summary>A critical guardrail hit (tunnel, reverse shell, miner) quarantines at once.</summary>
        public bool OnCriticalGuardrail { get; set; } = true;

        /// <summary>This many distinct internal destinations tried within <see cref="ProbeWindowSeconds"/> raise an alert.</summary>
        public int ProbeThreshold { get; set; } = 3;

        public int ProbeWindowSeconds { get; set; } = 60;

        /// <summary>This many never-seen destinations within <see cref="BurstWindowSeconds"/> raise an alert.</summary>
        public int NewDestinationBurst { get; set; } = 10;

        public int BurstWindowSeconds { get; set; } = 60;
    }

    public sealed class AlertsOptions
    {
        /// <summary>Where alerts are POSTed as JSON (unset: alerts go to the log only).</summary>
        public string? WebhookUrl { get; set; }

        /// <summary>When set, each delivery carries <c>X-ToolGate-Signature: sha256=&lt;HMAC of the body&gt;</c>.</summary>
        public string? WebhookSecret { get; set; }

        /// <summary>Attempts per alert, the first included.</summary>
        public int MaxAttempts { get; set; } = 5;

        /// <summary>First retry delay; later ones grow exponentially, with jitter.</summary>
        public int RetryDelayMilliseconds { get; set; } = 500;

        /// <summary>Longest wait for the receiver on one attempt.</summary>
        public int TimeoutSeconds { get; set; } = 5;

        /// <summary>Alerts waiting for delivery; beyond this the newest are logged but not sent.</summary>
        public int QueueCapacity { get; set; } = 1_000;
    }

    public sealed class LimitsOptions
    {
        /// <summary>A limit on every action of one agent, whatever grant allows it (off by default: grants carry their own).</summary>
        public PerAgentLimit PerAgent { get; set; } = new();
    }

    public sealed class PerAgentLimit
    {
        /// <summary>Actions per window; 0 turns the per-agent limit off.</summary>
        public int Permits { get; set; }

        public int WindowSeconds { get; set; } = 60;

        public Core.Grants.RateLimitKind Kind { get; set; } = Core.Grants.RateLimitKind.SlidingWindow;
    }

    public sealed class ComputeOptions
    {
        /// <summary>
        /// Where compute tools report a job's real usage (for refunds of unused GPU-seconds). Default: the usage path on
        /// the agent listener; set it when tools reach the gateway by another name (e.g. in containers).
        /// </summary>
        public string? UsageReportUrl { get; set; }
    }

    public sealed class McpOptions
    {
        /// <summary>MCP servers by name, each reached by agents at <c>/mcp/{name}</c> on the agent listener.</summary>
        public Dictionary<string, McpServerOptions> Servers { get; set; } = new(StringComparer.Ordinal);

        /// <summary>Also write tool-call arguments into audit records (default: only their digest).</summary>
        public bool AuditArguments { get; set; }

        /// <summary>Largest JSON-RPC POST body read (413 beyond).</summary>
        public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

        /// <summary>
        /// How much of a server's JSON answer is kept, while it passes through, to match it to its outcome record; a longer
        /// answer is recorded as answered without its JSON-RPC error being read.
        /// </summary>
        public int OutcomeReadBytes { get; set; } = 1024 * 1024;
    }

    public sealed class McpServerOptions
    {
        /// <summary>The server's Streamable HTTP endpoint, e.g. <c>http://127.0.0.1:3001/mcp</c>.</summary>
        public string? Url { get; set; }
    }
}
