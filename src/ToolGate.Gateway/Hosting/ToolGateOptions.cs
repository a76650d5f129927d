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
}
