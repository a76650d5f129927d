using Microsoft.Extensions.Options;
using ToolGate.Gateway.Budgets;
using ToolGate.Gateway.Hosting;
using ToolGate.Gateway.Storage;

namespace ToolGate.Gateway.Tests.Budgets;

/// <summary>The ledger on a real SQLite file: charges, refunds once, and no double spending under concurrency.</summary>
public sealed class SqliteComputeLedgerTests : IDisposable
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("toolgate-ledger-");
    private readonly SqliteComputeLedger _ledger;
    private readonly DateTimeOffset _now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public SqliteComputeLedgerTests()
    {
        var database = new SqliteDatabase(Options.Create(new ToolGateOptions { DataDirectory = _directory.FullName }));
        _ledger = new SqliteComputeLedger(database);
    }

    private ComputeChargeRequest Job(string decisionId, int gpus, int seconds, DateTimeOffset? at = null) =>
        new(decisionId, "agent-a", "g1", gpus, seconds, GpuSecondsPerWindow: 100, Hour, at ?? _now);

    [Fact]
    public async Task Charges_AdmitWhatFits_AndReportWhatIsLeft()
    {
        var first = await _ledger.TryChargeAsync(Job("d1", 2, 30), default);
        var second = await _ledger.TryChargeAsync(Job("d2", 1, 50), default);

        Assert.True(first.Admitted);
        Assert.Equal(40, first.Remaining);
        Assert.False(second.Admitted);
        Assert.Equal(40, second.Remaining);
        Assert.Equal(Hour, second.RetryAfter);
    }

    [Fact]
    public async Task Settle_RefundsTheUnusedPart_Once_AndClampsWhatWasUsed()
    {
        await _ledger.TryChargeAsync(Job("d1", 2, 50), default);   // 100: the whole budget

        var settled = await _ledger.SettleAsync("d1", 10, default);
        var again = await _ledger.SettleAsync("d1", 0, default);

        Assert.Equal((100L, 20L, 80L), (settled!.ChargedGpuSeconds, settled.UsedGpuSeconds, settled.RefundedGpuSeconds));
        Assert.Null(again);
        Assert.True((await _ledger.TryChargeAsync(Job("d2", 1, 80), default)).Admitted);

        await _ledger.TryChargeAsync(Job("d3", 1, 20, _now + Hour + Hour), default);
        var overReported = await _ledger.SettleAsync("d3", 10_000, default);
        Assert.Equal(0, overReported!.RefundedGpuSeconds); // a report cannot charge more than was admitted
    }

    [Fact]
    public async Task Cancel_RefundsAll_AndUnknownDecisionsAreNull()
    {
        await _ledger.TryChargeAsync(Job("d1", 1, 100), default);

        Assert.Equal(100, (await _ledger.CancelAsync("d1", default))!.RefundedGpuSeconds);
        Assert.Null(await _ledger.CancelAsync("nope", default));
        Assert.True((await _ledger.TryChargeAsync(Job("d2", 1, 100), default)).Admitted);
    }

    [Fact]
    public async Task ConcurrentCharges_NeverSpendMoreThanTheBudget()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => _ledger.TryChargeAsync(Job("c" + i, 1, 10), default))));

        Assert.Equal(10, results.Count(r => r.Admitted));
        Assert.Equal(0, (await _ledger.TryChargeAsync(Job("last", 0, 1), default)).Remaining);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }
}
