using ToolGate.Core.Audit;

namespace ToolGate.Core.Tests.Audit;

public class AuditChainVerifierTests
{
    [Fact]
    public void Add_RecordsInOrder_CountsThem()
    {
        var verifier = new AuditChainVerifier();

        Assert.All(AuditChainTests.Chain(3), record => Assert.True(verifier.Add(record)));
        Assert.Equal(AuditVerification.Valid(3), verifier.Result);
    }

    [Fact]
    public void Result_BeforeAnyRecord_IsValidAndEmpty()
    {
        Assert.Equal(AuditVerification.Valid(0), new AuditChainVerifier().Result);
    }

    [Fact]
    public void Add_AfterBreak_RefusesAndKeepsTheFirstProblem()
    {
        var records = AuditChainTests.Chain(4);
        var verifier = new AuditChainVerifier();

        Assert.True(verifier.Add(records[0]));
        Assert.False(verifier.Add(records[2]));
        Assert.False(verifier.Add(records[1]));
        Assert.False(verifier.Add(records[3]));

        Assert.Equal(AuditVerification.Broken(1, 3, "sequence jumps from 1 to 3"), verifier.Result);
    }

    [Fact]
    public void Add_SameRecordTwice_IsASequenceProblem()
    {
        var records = AuditChainTests.Chain(2);
        var verifier = new AuditChainVerifier();

        verifier.Add(records[0]);

        Assert.False(verifier.Add(records[0]));
        Assert.Equal(AuditVerification.Broken(1, 1, "sequence jumps from 1 to 1"), verifier.Result);
    }

    [Fact]
    public void Add_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new AuditChainVerifier().Add(null!));
    }
}
