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
internal sealed class EgressBudgets(IEgressLedger ledger, TimeProvider time, ILogger<EgressBudgets> logger) : IDisposable
{
    private readonly Dictionary<(string AgentId, string GrantId), ByteAllowance> _live = [];

    // Opening and closing budgeted tunnels take turns: a tunnel's charge is in the ledger, or its allowance still in
    // memory, whenever another reads the ledger (no window in which both miss the same bytes).
    private readonly SemaphoreSlim _turn = new(1, 1);

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

        await _turn.WaitAsync();
        try
        {
            var now = time.GetUtcNow();
            var window = TimeSpan.FromSeconds(windowSeconds);
            if (!_live.TryGetValue((agentId, grant.Id), out var allowance))
            {
                // Nothing of this grant is open (or unrecorded): the ledger is the truth.
                var charges = await ledger.ChargesAsync(agentId, grant.Id, now - window, CancellationToken.None);
                var check = SlidingBudget.Check(limit, window, [.. charges.Select(c => new BudgetCharge(c.ChargedAt, c.Bytes))], 1, now);
                if (!check.Fits)
                {
                    return (null, check.RetryAfter ?? window);
                }

                allowance = new ByteAllowance(grant.Id, limit, windowSeconds, check.Remaining);
                _live[(agentId, grant.Id)] = allowance;
            }

            if (allowance.Left <= 0)
            {
                return (null, window);
            }

            allowance.Open++;
            return (allowance, null);
        }
        finally
        {
            _turn.Release();
        }
    }

    public void Dispose() => _turn.Dispose();

    /// <summary>
    /// Charges the closed tunnel's bytes, then lets go of its share of the allowance. When the ledger cannot take the
    /// charge the allowance stays in memory, with the bytes spent from it, so they still count (until a restart).
    /// </summary>
    public async Task CloseAsync(string agentId, string decisionId, ByteAllowance allowance, long bytes)
    {
        await _turn.WaitAsync();
        try
        {
            var charged = true;
            try
            {
                await ledger.ChargeAsync(decisionId, agentId, allowance.GrantId, bytes, time.GetUtcNow(), CancellationToken.None);
            }
            catch (SqliteException e)
            {
                charged = false;
                allowance.Unrecorded = true;
                Log.EgressChargeFailed(logger, decisionId, bytes, e);
            }

            if (--allowance.Open == 0 && charged && !allowance.Unrecorded)
            {
                _live.Remove((agentId, allowance.GrantId));
            }
        }
        finally
        {
            _turn.Release();
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

    /// <summary>Open tunnels sharing it; guarded by the owner's turn.</summary>
    public int Open { get; set; }

    /// <summary>Some of its bytes never reached the ledger: it stays in memory so they keep counting.</summary>
    public bool Unrecorded { get; set; }

    public long Left => Interlocked.Read(ref _left);

    /// <summary>False once the bytes overdraw the budget: the tunnel must be cut.</summary>
    public bool Spend(long bytes) => Interlocked.Add(ref _left, -bytes) >= 0;

    public string ExhaustedReason => $"egress byte budget of grant {GrantId} exhausted ({Limit} bytes per {WindowSeconds}s)";
}
