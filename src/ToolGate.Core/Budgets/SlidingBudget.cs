namespace ToolGate.Core.Budgets;

/// <summary>One charge against a budget (GPU-seconds of a job, bytes of a tunnel): when, and how much still counts.</summary>
public readonly record struct BudgetCharge(DateTimeOffset ChargedAt, long Amount);

/// <summary>Whether a charge fits a budget now, what is left, and, if it does not fit, when it would.</summary>
/// <param name="RetryAfter">Null when it fits now, or can never fit (it needs more than the whole budget).</param>
public readonly record struct BudgetCheck(bool Fits, long Used, long Remaining, TimeSpan? RetryAfter);

/// <summary>
/// A sliding-window budget (GPU-seconds per window for compute, bytes per window for egress): each charge counts for
/// <c>window</c> from when it was made. Pure arithmetic over the charges still in the window, so the gateway's
/// ledgers (durable, with refunds) and the tests share one definition.
/// </summary>
public static class SlidingBudget
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
                used += charge.Amount;
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
            freed += charge.Amount;
            if (needed <= freed)
            {
                var at = charge.ChargedAt + window - now;
                return new BudgetCheck(false, used, remaining, at > TimeSpan.Zero ? at : TimeSpan.FromSeconds(1));
            }
        }

        return new BudgetCheck(false, used, remaining, window);
    }
}
