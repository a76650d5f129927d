using Microsoft.Extensions.Time.Testing;
using ToolGate.Core.Budgets;

namespace ToolGate.Core.Tests.Compute;

public sealed class SlidingBudgetTests
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero));
    private readonly List<BudgetCharge> _charges = [];

    /// <summary>Admits the job if it fits (charging it), as the ledger does.</summary>
    private BudgetCheck Submit(long gpus, long seconds)
    {
        var check = SlidingBudget.Check(7_200, Day, _charges, gpus * seconds, _time.GetUtcNow());
        if (check.Fits)
        {
            _charges.Add(new BudgetCharge(_time.GetUtcNow(), gpus * seconds));
        }

        return check;
    }

    [Fact]
    public void JobsAreAdmitted_WhileTheyFitWhatIsLeft_AcrossSeveralJobs()
    {
        Assert.Equal(7_200, Submit(2, 1_800).Remaining);   // 3,600 charged
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(3_600, Submit(1, 3_000).Remaining);   // 3,000 more: 600 left
        _time.Advance(TimeSpan.FromHours(1));

        var refused = Submit(1, 601);

        Assert.False(refused.Fits);
        Assert.Equal(600, refused.Remaining);
        Assert.Equal(6_600, refused.Used);
        // The first job's 3,600 leaves the window 22 h from now.
        Assert.Equal(TimeSpan.FromHours(22), refused.RetryAfter);
        Assert.True(Submit(1, 600).Fits);
    }

    [Fact]
    public void TheWindowRollsOver_ChargeByCharge()
    {
        Assert.True(Submit(4, 1_800).Fits);               // the whole budget
        Assert.False(Submit(1, 1).Fits);

        _time.Advance(Day - TimeSpan.FromSeconds(1));
        Assert.False(Submit(1, 1).Fits);

        _time.Advance(TimeSpan.FromSeconds(1));
        var check = Submit(4, 1_800);

        Assert.True(check.Fits);
        Assert.Equal(7_200, check.Remaining);
    }

    [Fact]
    public void AJobLargerThanTheWholeBudget_NeverFits_AndHasNoRetryAfter()
    {
        var check = Submit(8, 3_600);

        Assert.False(check.Fits);
        Assert.Null(check.RetryAfter);
        Assert.Empty(_charges);
    }

    [Fact]
    public void ChargesOlderThanTheWindow_AreIgnored()
    {
        _charges.Add(new BudgetCharge(_time.GetUtcNow() - Day - TimeSpan.FromHours(1), 7_200));

        Assert.True(Submit(1, 7_200).Fits);
    }
}
