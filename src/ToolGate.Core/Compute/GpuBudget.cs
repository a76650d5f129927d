namespace ToolGate.Core.Compute;

/// <summary>One admitted job's charge against a GPU-second budget: when, and how much is still counted.</summary>
public readonly record struct BudgetCharge(DateTimeOffset ChargedAt, long GpuSeconds);

/// <summary>Whether a job fits a budget now, what is left, and, if it does not fit, when it would.</summary>
/// <param name="RetryAfter">Null when the job fits now, or can never fit (it needs more than the whole budget).</param>
public readonly record struct BudgetCheck(bool Fits, long Used, long Remaining, TimeSpan? RetryAfter);

/// <summary>
/// A sliding-window GPU-second budget: each admitted job's charge counts for <c>window</c> from its admission.
/// Pure arithmetic over the charges still in the window, so the gateway's ledger (durable, with refunds) and the
/// tests share one definition.
/// </summary>
public static class GpuBudget
{
    /// <param name="charges">Charges admitted within the window (older ones may be included; they are ignored).</param>
    public static BudgetCheck Check(long limit, TimeSpan window, IReadOnlyList<BudgetCharge> charges, long needed, DateTimeOffset now)
    {
        var since = now - window;
        long used = 0;
        foreach (var charge in charges)
        {
            if (charge.ChargedAt > since)
            {
                used += charge.GpuSeconds;
            }
        }

        var remaining = Math.Max(0, limit - used);
        if (needed <= remaining)
        {
            return new BudgetCheck(true, used, remaining, null);
        }

        if (needed > limit)
        {
            return new BudgetCheck(false, used, remaining, null);
        }

        // Walk the charges oldest first: each one that leaves the window frees its GPU-seconds.
        var freed = remaining;
        foreach (var charge in charges.Where(c => c.ChargedAt > since).OrderBy(c => c.ChargedAt))
        {
            freed += charge.GpuSeconds;
            if (needed <= freed)
            {
                var at = charge.ChargedAt + window - now;
                return new BudgetCheck(false, used, remaining, at > TimeSpan.Zero ? at : TimeSpan.FromSeconds(1));
            }
        }

        return new BudgetCheck(false, used, remaining, window);
    }
}
