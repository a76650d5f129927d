using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using ToolGate.Core.Budgets;
using ToolGate.Core.Grants;
using ToolGate.Gateway.Logging;

namespace ToolGate.Gateway.Budgets;

/// <summary>
/// Byte budgets of network grants on the egress proxy. A tunnel opens only while its grant has bytes left in the
/// window; while it relays, every byte is spent from an allowance shared by all of that grant's open tunnels, and
/// the tunnel that overdraws it is cut (and any other on its next read). When a tunnel closes its bytes are charged
/// to the durable ledger.
/// </summary>
internal sealed class EgressBudgets(IEgressLedger ledger, TimeProvider time, ILogger<EgressBudgets> logger)
{
    private readonly Dictionary<(string AgentId, string GrantId), ByteAllowance> _live = [];

    /// <summary>
    /// The allowance the tunnel spends from (null when the grant has no budget), or the refusal: how long until bytes
    /// free up in the window.
    /// </summary>
    public async Task<(ByteAllowance? Allowance, TimeSpan? RefusedFor)> OpenAsync(string agentId, Grant grant)
    {
        if (grant is not NetworkGrant { BytesPerWindow: { } limit, WindowSeconds: { } windowSeconds })
        {
            return (null, null);
        }

        var now = time.GetUtcNow();
        var window = TimeSpan.FromSeconds(windowSeconds);
        var charges = await ledger.ChargesAsync(agentId, grant.Id, now - window, CancellationToken.None);
        var check = SlidingBudget.Check(limit, window, [.. charges.Select(c => new BudgetCharge(c.ChargedAt, c.Bytes))], 1, now);
        ByteAllowance allowance;
        lock (_live)
        {
            // Open tunnels are charged when they close, so while any is open the shared allowance is the truth.
            if (!_live.TryGetValue((agentId, grant.Id), out allowance!))
            {
                allowance = new ByteAllowance(grant.Id, limit, windowSeconds, check.Remaining);
                _live[(agentId, grant.Id)] = allowance;
            }

            allowance.Open++;
        }

        if (allowance.Left > 0)
        {
            return (allowance, null);
        }

        Release(agentId, allowance);
        return (null, check.RetryAfter ?? window);
    }

    /// <summary>Charges the closed tunnel's bytes, then lets go of its share of the allowance.</summary>
    public async Task CloseAsync(string agentId, string decisionId, ByteAllowance allowance, long bytes)
    {
        try
        {
            await ledger.ChargeAsync(decisionId, agentId, allowance.GrantId, bytes, time.GetUtcNow(), CancellationToken.None);
        }
        catch (SqliteException e)
        {
            Log.EgressChargeFailed(logger, decisionId, bytes, e);
        }
        finally
        {
            Release(agentId, allowance);
        }
    }

    private void Release(string agentId, ByteAllowance allowance)
    {
        lock (_live)
        {
            if (--allowance.Open == 0)
            {
                _live.Remove((agentId, allowance.GrantId));
            }
        }
    }
}

/// <summary>Bytes a grant's open tunnels may still move in the window; spent atomically by every relay read.</summary>
internal sealed class ByteAllowance(string grantId, long limit, int windowSeconds, long left)
{
    private long _left = left;

    public string GrantId { get; } = grantId;

    public long Limit { get; } = limit;

    public int WindowSeconds { get; } = windowSeconds;

    /// <summary>Open tunnels sharing it; guarded by the owner's lock.</summary>
    public int Open { get; set; }

    public long Left => Interlocked.Read(ref _left);

    /// <summary>False once the bytes overdraw the budget: the tunnel must be cut.</summary>
    public bool Spend(long bytes) => Interlocked.Add(ref _left, -bytes) >= 0;

    public string ExhaustedReason => $"egress byte budget of grant {GrantId} exhausted ({Limit} bytes per {WindowSeconds}s)";
}
