using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ToolGate.Core.Actions;
using ToolGate.Core.Audit;
using ToolGate.Core.Decisions;
using ToolGate.Core.Network;
using ToolGate.Gateway.Agents;
using ToolGate.Gateway.Audit;
using ToolGate.Gateway.Hosting;
using ToolGate.Gateway.Limit;
using ToolGate.Gateway.Logging;
using ToolGate.Gateway.Network;
using ToolGate.Gateway.Budgets;
using ToolGate.Gateway.Pipeline;
using ToolGate.Gateway.Policies;
using ToolGate.Gateway.Quarantine;

namespace ToolGate.Gateway.Egress;

/// <summary>
/// The egress proxy: an HTTP/1.1 forward proxy for agents' sandboxes (HTTP_PROXY / HTTPS_PROXY). Each
/// connection carries one request, absolute-form <c>http://…</c> or <c>CONNECT host:port</c>, and goes through the
/// same stages as a tool call: identify (the proxy password is the agent key) → classify → decide (grants,
/// guardrails, then every resolved address) → limit → audit → forward to the one address that was checked.
/// When the tunnel closes, its outcome (address, bytes each way, duration, why it closed) is audited too.
/// </summary>
internal sealed class EgressProxyHandler(
    AgentDirectory agents,
    PolicySnapshotProvider policies,
    DestinationResolver destinations,
    IActionRateLimiter limiter,
    DecisionRecorder recorder,
    EgressTunnels tunnels,
    QuarantineRegistry quarantine,
    EgressBudgets budgets,
    TimeProvider time,
    IOptions<ToolGateOptions> options,
    ILogger<EgressProxyHandler> logger)
{
    /// <summary>The request head and a tunnel's first bytes; after that a tunnel reads the socket itself.</summary>
    private static readonly StreamPipeReaderOptions ClientReads = new(bufferSize: 16 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true);

    private static readonly StreamPipeWriterOptions ClientWrites = new(minimumBufferSize: 64 * 1024, leaveOpen: true);

    public const string MaxTunnelsRule = "egress.max-tunnels";
    public const string ServerNameRule = "network.tls-server-name";

    private static readonly HashSet<string> HopByHopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authorization", "Proxy-Authenticate", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade",
    };

    private readonly ToolGateOptions.EgressOptions _options = options.Value.Egress;

    /// <summary>Serves one accepted client connection until its request or tunnel ends (or the gateway stops).</summary>
    public async Task ServeAsync(Socket client, CancellationToken stopping)
    {
        await using var stream = new NetworkStream(client, ownsSocket: true);
        var transport = new ClientPipe(PipeReader.Create(stream, ClientReads), PipeWriter.Create(stream, ClientWrites), client);
        try
        {
            if (await ReadHeadAsync(transport, stopping) is { } head)
            {
                await HandleAsync(transport, head, stopping);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException or SocketException or ObjectDisposedException)
        {
            // The client went away or timed out; whatever was decided is already audited.
        }
        finally
        {
            await transport.Output.CompleteAsync();
            await transport.Input.CompleteAsync();
        }
    }

    /// <summary>The client connection as pipes (head, answers, the tunnel's first bytes) and as its socket.</summary>
    private sealed record ClientPipe(PipeReader Input, PipeWriter Output, Socket Socket) : IDuplexPipe;

    private async Task HandleAsync(ClientPipe transport, ProxyRequestHead head, CancellationToken stopping)
    {
        // Identify: the agent key is the proxy password; nothing else the client says identifies it.
        var authorization = head.Header("Proxy-Authorization", out var repeated);
        var agent = repeated ? null : ProxyCredentials.KeyFrom(authorization) is { } key ? agents.FindByKey(key) : null;
        if (agent is null)
        {
            var reason = authorization is null
                ? "an agent key is required as the proxy password (Proxy-Authorization: Basic)"
                : "unknown or revoked key";
            Log.ProxyRequestRefused(logger, StatusCodes.Status407ProxyAuthenticationRequired, reason);
            await ProxyResponses.WriteProblemAsync(transport.Output, StatusCodes.Status407ProxyAuthenticationRequired,
                "Proxy authentication required", reason, "identify", null, ("Proxy-Authenticate", "Basic realm=\"ToolGate\""));
            return;
        }

        var startedAt = time.GetTimestamp();
        var decisionId = Guid.CreateVersion7(time.GetUtcNow()).ToString();

        // Classify: one network action per connection.
        var request = ProxyRequest.Classify(head, out var invalid);
        if (request is null)
        {
            var entry = DecisionRecorder.Entry(AuditStages.Decision, decisionId, agent.Id, null, AuditDecisions.Deny, invalid.Reason, Rules.Unclassifiable, Severity.Low);
            await RefuseAsync(transport.Output, entry, invalid.Status, "Request not classifiable");
            return;
        }

        // Decide: grants and guardrails on the name, then every address it resolves to.
        var snapshot = policies.Current;
        var verdict = quarantine.TryGet(agent.Id, out var quarantined)
            ? QuarantineRegistry.Denial(quarantined)
            : DecisionEngine.Decide(agent.Id, request.Action, snapshot, time.GetUtcNow());
        IPEndPoint? endPoint = null;
        if (verdict.IsAllowed)
        {
            var destination = await destinations.ResolveAsync(request.Target, snapshot, stopping);
            endPoint = destination.EndPoint;
            verdict = destination.Denial ?? verdict;
        }

        if (!verdict.IsAllowed || endPoint is null)
        {
            await RefuseAsync(transport.Output, DecisionRecorder.Entry(AuditStages.Decision, decisionId, agent.Id, request.Action, verdict),
                StatusCodes.Status403Forbidden, "Action denied");
            return;
        }

        // Limit: the agent's overall rate, the grant's, and how many connections the agent may hold open.
        var grant = verdict.Grant!;
        if (limiter.Check(decisionId, agent.Id, request.Action, grant) is { } limited)
        {
            await RefuseAsync(transport.Output, limited.Entry,
                StatusCodes.Status429TooManyRequests, "Rate limit exceeded", ("Retry-After", DecisionRecorder.RetryAfterSeconds(limited.RetryAfter)));
            return;
        }

        var (allowance, refusedFor) = await budgets.OpenAsync(agent.Id, grant);
        if (refusedFor is { } budgetWait)
        {
            var entry = DecisionRecorder.Entry(AuditStages.Decision, decisionId, agent.Id, request.Action, AuditDecisions.RateLimited,
                $"egress byte budget of grant {grant.Id} is spent for now", Rules.ForBudget(grant.Id), Severity.Low);
            await RefuseAsync(transport.Output, entry, StatusCodes.Status429TooManyRequests, "Budget exhausted",
                ("Retry-After", DecisionRecorder.RetryAfterSeconds(budgetWait)));
            return;
        }

        // From here on the allowance is released in every case (a leaked share would pin a stale figure until restart).
        using var tunnel = new EgressTunnel(agent.Id, decisionId, request.Action, request.Target.ToCanonicalString(), endPoint, time.GetUtcNow())
        {
            Allowance = allowance,
        };
        if (!tunnels.TryOpen(tunnel, _options.MaxTunnelsPerAgent))
        {
            var entry = DecisionRecorder.Entry(AuditStages.Decision, decisionId, agent.Id, request.Action, AuditDecisions.RateLimited,
                $"agent {agent.Id} already has {_options.MaxTunnelsPerAgent} egress connections open", MaxTunnelsRule, Severity.Low);
            await RefuseAsync(transport.Output, entry, StatusCodes.Status429TooManyRequests, "Too many open connections", ("Retry-After", "1"));
            await ReleaseBudgetAsync(agent.Id, tunnel);
            return;
        }

        if (quarantine.TryGet(agent.Id, out _))
        {
            // Quarantined between the decision and the registration: the registry's cut may have missed this tunnel.
            tunnel.Cut("agent quarantined");
        }

        try
        {
            // Audit: the decision, with the address that will be dialled, is committed before anything is dialled.
            var decision = DecisionRecorder.Entry(AuditStages.Decision, decisionId, agent.Id, request.Action, verdict) with
            {
                Detail = DecisionRecorder.AddressDetail(endPoint),
            };
            if (!await recorder.TryRecordAsync(decision))
            {
                await WriteAuditUnavailableAsync(transport.Output, decisionId);
                return;
            }

            // Forward: dial exactly the checked address, then relay.
            var end = await ForwardAsync(transport, request, tunnel, stopping);
            await RecordOutcomeAsync(decision, verdict, tunnel, end, request, startedAt);
        }
        finally
        {
            tunnels.Close(tunnel);
            await ReleaseBudgetAsync(agent.Id, tunnel);
        }
    }

    private async Task<RelayEnd> ForwardAsync(ClientPipe transport, ProxyRequest request, EgressTunnel tunnel, CancellationToken stopping)
    {
        using var socket = new Socket(tunnel.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using (var connectTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.ConnectTimeoutSeconds), time))
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(connectTimeout.Token, stopping, tunnel.CutToken))
        {
            try
            {
                await socket.ConnectAsync(tunnel.Address, connect.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                Log.EgressConnectFailed(logger, tunnel.DecisionId, tunnel.Address.ToString(), e);
                var reason = connectTimeout.IsCancellationRequested
                    ? $"{tunnel.Address} did not accept the connection within {_options.ConnectTimeoutSeconds} s"
                    : $"connecting to {tunnel.Address} failed: {(e as SocketException)?.SocketErrorCode.ToString() ?? "cancelled"}";
                await ProxyResponses.WriteProblemAsync(transport.Output,
                    connectTimeout.IsCancellationRequested ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway,
                    "Destination unreachable", reason, Rules.UpstreamFailure, tunnel.DecisionId);
                return RelayEnd.Error(reason);
            }
        }

        if (request.IsConnect)
        {
            await transport.Output.WriteAsync(ProxyResponses.ConnectionEstablished, stopping);
        }
        else
        {
            var upstreamHead = request.UpstreamHead(HopByHopHeaders);
            if (!tunnel.TrySpend(upstreamHead.Length))
            {
                return RelayEnd.Cut(tunnel.CutReason ?? "cut");
            }

            await socket.SendAsync(upstreamHead, SocketFlags.None, stopping);
            tunnel.AddUp(upstreamHead.Length);
        }

        var relay = new TunnelRelay(time, TimeSpan.FromSeconds(_options.IdleTimeoutSeconds), TimeSpan.FromSeconds(_options.MaxTunnelSeconds));
        var firstBytes = request.IsConnect ? new FirstBytesCheck(name => CheckServerName(tunnel.AgentId, request.Target, name)) : null;
        return await relay.RunAsync(transport, transport.Socket, socket, tunnel, firstBytes, request.IsConnect ? null : request.ContentLength, stopping,
            request.Chunked ? new ChunkedBodyFramer() : null);
    }

    /// <summary>
    /// A TLS server name other than the CONNECT host must be one the agent may reach itself: the address was checked
    /// for the CONNECT host, and a shared front end would serve whatever site the hello names.
    /// </summary>
    private Verdict? CheckServerName(string agentId, NetworkTarget connected, string serverName)
    {
        var authority = $"{serverName}:{connected.Port.ToString(CultureInfo.InvariantCulture)}";
        if (NetworkTarget.TryParse(authority, out var named, out _) && named.Host == connected.Host)
        {
            return null;
        }

        var verdict = DecisionEngine.Decide(agentId, new NetworkAction(authority), policies.Current, time.GetUtcNow());
        return verdict.IsAllowed
            ? null
            : Verdict.Deny($"the TLS server name '{serverName}' is not the CONNECT host '{connected.Host}' and is not granted: {verdict.Reason}",
                verdict.Rule.StartsWith("guardrail:", StringComparison.Ordinal) ? verdict.Rule : ServerNameRule,
                verdict.Severity > Severity.High ? verdict.Severity : Severity.High);
    }

    private async Task RecordOutcomeAsync(AuditEntry decision, Verdict verdict, EgressTunnel tunnel, RelayEnd end, ProxyRequest request, long startedAt)
    {
        var duration = (long)time.GetElapsedTime(startedAt).TotalMilliseconds;
        Log.TunnelClosed(logger, request.IsConnect ? "tunnel" : "request", tunnel.AgentId, tunnel.Target, tunnel.Address.ToString(), end.Name,
            tunnel.BytesUp, tunnel.BytesDown, duration, tunnel.DecisionId);
        var outcome = decision with
        {
            Stage = AuditStages.Outcome,
            Decision = end.Kind switch
            {
                RelayEndKind.Stratum or RelayEndKind.Refused => AuditDecisions.Deny,
                RelayEndKind.Error => AuditDecisions.Error,
                _ => AuditDecisions.Allow,
            },
            Reason = end.Kind switch
            {
                RelayEndKind.Stratum => $"{end.Description} to {tunnel.Target}: tunnel cut",
                RelayEndKind.Refused => $"{end.Description}: tunnel cut",
                _ => $"{verdict.Reason}; closed: {end.Description}",
            },
            Rule = end.Kind switch
            {
                RelayEndKind.Stratum => Rules.ForGuardrail("network.miner"),
                RelayEndKind.Refused => end.Rule ?? ServerNameRule,
                RelayEndKind.Error => Rules.UpstreamFailure,
                _ => verdict.Rule,
            },
            Severity = end.Kind switch
            {
                RelayEndKind.Stratum => nameof(Severity.Critical).ToLowerInvariant(),
                RelayEndKind.Refused => (end.Severity ?? Severity.High).ToString().ToLowerInvariant(),
                _ => decision.Severity,
            },
            Status = end.Kind == RelayEndKind.Error ? StatusCodes.Status502BadGateway : request.IsConnect ? StatusCodes.Status200OK : null,
            DurationMs = duration,
            Detail = TunnelDetail(tunnel, end),
        };

        if (!await recorder.TryRecordAsync(outcome))
        {
            Log.OutcomeAuditFailed(logger, tunnel.DecisionId, new AuditUnavailableException("the egress outcome record was not committed"));
        }
    }

    /// <summary>Charges what the tunnel moved to its grant's byte budget, if it has one.</summary>
    private Task ReleaseBudgetAsync(string agentId, EgressTunnel tunnel) =>
        tunnel.Allowance is { } allowance
            ? budgets.CloseAsync(agentId, tunnel.DecisionId, allowance, tunnel.BytesUp + tunnel.BytesDown)
            : Task.CompletedTask;

    private async Task RefuseAsync(PipeWriter output, AuditEntry entry, int status, string title, params (string Name, string Value)[] headers)
    {
        if (!await recorder.TryRecordAsync(entry))
        {
            await WriteAuditUnavailableAsync(output, entry.DecisionId);
            return;
        }

        await ProxyResponses.WriteProblemAsync(output, status, title, entry.Reason, entry.Rule, entry.DecisionId, headers);
    }

    private static Task WriteAuditUnavailableAsync(PipeWriter output, string decisionId) =>
        ProxyResponses.WriteProblemAsync(output, StatusCodes.Status503ServiceUnavailable, "Audit unavailable",
            "the decision could not be written to the audit trail, so the connection is refused", Rules.AuditUnavailable, decisionId);

    /// <summary>Reads the request head within the header timeout; answers and returns null when it is unusable.</summary>
    private async Task<ProxyRequestHead?> ReadHeadAsync(IDuplexPipe transport, CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.HeaderTimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stopping);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await transport.Input.ReadAsync(linked.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                await ProxyResponses.WriteProblemAsync(transport.Output, StatusCodes.Status408RequestTimeout, "Request timeout",
                    $"the request head did not arrive within {_options.HeaderTimeoutSeconds} s", "request", null);
                return null;
            }

            var buffer = result.Buffer;
            var parse = ProxyRequestHead.TryParse(buffer, _options.MaxHeaderBytes, out var head, out var end, out var error);
            switch (parse)
            {
                case HeadParse.Complete:
                    transport.Input.AdvanceTo(end);
                    return head;
                case HeadParse.NeedMore when !result.IsCompleted:
                    transport.Input.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                case HeadParse.NeedMore:
                    return null;
                default:
                    var status = parse == HeadParse.TooLarge ? StatusCodes.Status431RequestHeaderFieldsTooLarge : StatusCodes.Status400BadRequest;
                    Log.ProxyRequestRefused(logger, status, error);
                    await ProxyResponses.WriteProblemAsync(transport.Output, status, "Bad request", error, "request", null);
                    return null;
            }
        }
    }

    private static string TunnelDetail(EgressTunnel tunnel, RelayEnd end) => JsonSerializer.Serialize(
        new TunnelDetailView(tunnel.Address.ToString(), tunnel.BytesUp, tunnel.BytesDown, end.Name), AuditDetailContext.Default.TunnelDetailView);
}
