using System.Globalization;
using ToolGate.Core.Audit;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Audit;

public class AuditChainTests
{
    internal static AuditEntry Entry(int n) => new()
    {
        DecisionId = $"d-{n}",
        Stage = AuditStages.Decision,
        AgentId = "builder",
        Capability = "shell",
        Decision = AuditDecisions.Allow,
        Reason = $"command matches 'git log *' ({n})",
        Rule = "grant:g1",
        Severity = "none",
        Target = "git log",
        ActionDigest = new string('a', 64),
        Status = null,
        DurationMs = null,
    };

    /// <summary>A valid chain of <paramref name="count"/> records, sequences 1..count, one second apart.</summary>
    internal static List<AuditRecord> Chain(int count, string genesis = "")
    {
        var records = new List<AuditRecord>();
        var previous = genesis.Length == 0 ? AuditChain.Genesis : genesis;
        for (var i = 1; i <= count; i++)
        {
            var record = AuditChain.Seal(i, TestGrants.Now.AddSeconds(i), Entry(i), previous);
            records.Add(record);
            previous = record.Hash;
        }

        return records;
    }

    [Fact]
    public void Genesis_IsSixtyFourZeros()
    {
        Assert.Equal(new string('0', 64), AuditChain.Genesis);
    }

    [Fact]
    public void Seal_FirstRecord_ChainsFromGenesisWithLowercaseSha256()
    {
        var record = AuditChain.Seal(1, TestGrants.Now, Entry(1), AuditChain.Genesis);

        Assert.Equal(1, record.Sequence);
        Assert.Equal(AuditChain.Genesis, record.PreviousHash);
        Assert.Matches("^[0-9a-f]{64}$", record.Hash);
        Assert.Equal(AuditChain.ComputeHash(1, TestGrants.Now, Entry(1), AuditChain.Genesis), record.Hash);
    }

    [Fact]
    public void Seal_TimestampWithOffset_IsStoredAsUtc()
    {
        var local = new DateTimeOffset(2025, 6, 1, 14, 0, 0, TimeSpan.FromHours(2));

        var record = AuditChain.Seal(1, local, Entry(1), AuditChain.Genesis);

        Assert.Equal(TimeSpan.Zero, record.Timestamp.Offset);
        Assert.Equal(local.UtcTicks, record.Timestamp.UtcTicks);
    }

    [Fact]
    public void ComputeHash_SameInstantDifferentOffset_IsTheSameHash()
    {
        var utc = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(
            AuditChain.ComputeHash(1, utc, Entry(1), AuditChain.Genesis),
            AuditChain.ComputeHash(1, utc.ToOffset(TimeSpan.FromHours(-7)), Entry(1), AuditChain.Genesis));
    }

    [Fact]
    public void ComputeHash_AnyInputChange_ChangesTheHash()
    {
        var hash = AuditChain.ComputeHash(1, TestGrants.Now, Entry(1), AuditChain.Genesis);

        Assert.NotEqual(hash, AuditChain.ComputeHash(2, TestGrants.Now, Entry(1), AuditChain.Genesis));
        Assert.NotEqual(hash, AuditChain.ComputeHash(1, TestGrants.Now.AddTicks(1), Entry(1), AuditChain.Genesis));
        Assert.NotEqual(hash, AuditChain.ComputeHash(1, TestGrants.Now, Entry(2), AuditChain.Genesis));
        Assert.NotEqual(hash, AuditChain.ComputeHash(1, TestGrants.Now, Entry(1), new string('1', 64)));
    }

    [Fact]
    public void ComputeHash_NullVersusEmpty_AreDifferent()
    {
        var withNull = Entry(1) with { Target = null };
        var withEmpty = Entry(1) with { Target = string.Empty };

        Assert.NotEqual(
            AuditChain.ComputeHash(1, TestGrants.Now, withNull, AuditChain.Genesis),
            AuditChain.ComputeHash(1, TestGrants.Now, withEmpty, AuditChain.Genesis));
    }

    [Fact]
    public void Verify_IntactChain_IsValidWithCount()
    {
        var result = AuditChain.Verify(Chain(5));

        Assert.Equal(AuditVerification.Valid(5), result);
        Assert.True(result.IsValid);
        Assert.Null(result.FirstBadSequence);
        Assert.Null(result.Problem);
    }

    [Fact]
    public void Verify_NoRecords_IsValidAndEmpty()
    {
        Assert.Equal(AuditVerification.Valid(0), AuditChain.Verify([]));
    }

    [Theory]
    [InlineData("decisionId")]
    [InlineData("stage")]
    [InlineData("agentId")]
    [InlineData("capability")]
    [InlineData("decision")]
    [InlineData("reason")]
    [InlineData("rule")]
    [InlineData("severity")]
    [InlineData("target")]
    [InlineData("actionDigest")]
    [InlineData("status")]
    [InlineData("durationMs")]
    [InlineData("timestamp")]
    [InlineData("hash")]
    public void Verify_EditedField_BreaksAtThatRecord(string field)
    {
        var records = Chain(5);
        var r = records[2];
        var e = r.Entry;
        records[2] = field switch
        {
            "decisionId" => r with { Entry = e with { DecisionId = "d-forged" } },
            "stage" => r with { Entry = e with { Stage = AuditStages.Evaluation } },
            "agentId" => r with { Entry = e with { AgentId = "someone-else" } },
            "capability" => r with { Entry = e with { Capability = "network" } },
            "decision" => r with { Entry = e with { Decision = AuditDecisions.Deny } },
            "reason" => r with { Entry = e with { Reason = e.Reason + " " } },
            "rule" => r with { Entry = e with { Rule = "default-deny" } },
            "severity" => r with { Entry = e with { Severity = "critical" } },
            "target" => r with { Entry = e with { Target = "git push" } },
            "actionDigest" => r with { Entry = e with { ActionDigest = new string('b', 64) } },
            "status" => r with { Entry = e with { Status = 200 } },
            "durationMs" => r with { Entry = e with { DurationMs = 1 } },
            "timestamp" => r with { Timestamp = r.Timestamp.AddTicks(1) },
            "hash" => r with { Hash = new string('f', 64) },
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
        };

        var result = AuditChain.Verify(records);

        Assert.Equal(AuditVerification.Broken(2, 3, "content does not match its hash"), result);
    }

    [Fact]
    public void Verify_EditedPreviousHash_BreaksAtThatRecord()
    {
        var records = Chain(5);
        records[2] = records[2] with { PreviousHash = AuditChain.Genesis };

        Assert.Equal(AuditVerification.Broken(2, 3, "previous hash does not match the record before it"), AuditChain.Verify(records));
    }

    [Fact]
    public void Verify_EditedAndResealedRecord_BreaksAtTheNextRecord()
    {
        var records = Chain(5);
        var forged = records[2].Entry with { Decision = AuditDecisions.Deny };
        records[2] = AuditChain.Seal(3, records[2].Timestamp, forged, records[2].PreviousHash);

        Assert.Equal(AuditVerification.Broken(3, 4, "previous hash does not match the record before it"), AuditChain.Verify(records));
    }

    [Fact]
    public void Verify_MiddleRecordDeleted_ReportsSequenceJump()
    {
        var records = Chain(5);
        records.RemoveAt(2);

        Assert.Equal(AuditVerification.Broken(2, 4, "sequence jumps from 2 to 4"), AuditChain.Verify(records));
    }

    [Fact]
    public void Verify_FirstRecordDeleted_ReportsMissingStart()
    {
        var records = Chain(5);
        records.RemoveAt(0);

        Assert.Equal(
            AuditVerification.Broken(0, 2, "the chain starts at sequence 2: records before it are missing"),
            AuditChain.Verify(records));
    }

    [Fact]
    public void Verify_Reordered_ReportsSequenceJump()
    {
        var records = Chain(5);
        (records[1], records[2]) = (records[2], records[1]);

        Assert.Equal(AuditVerification.Broken(1, 3, "sequence jumps from 1 to 3"), AuditChain.Verify(records));
    }

    [Fact]
    public void Verify_RenumberedAfterDeletion_ReportsPreviousHashMismatch()
    {
        var records = Chain(5);
        records.RemoveAt(2);
        records[2] = records[2] with { Sequence = 3 };

        Assert.Equal(AuditVerification.Broken(2, 3, "previous hash does not match the record before it"), AuditChain.Verify(records));
    }

    [Fact]
    public void Verify_WrongGenesis_BreaksAtTheFirstRecord()
    {
        var records = Chain(3, genesis: new string('1', 64));

        Assert.Equal(AuditVerification.Broken(0, 1, "previous hash does not match the record before it"), AuditChain.Verify(records));
    }

    [Fact]
    public void Verify_TailTruncated_IsStillAValidPrefix()
    {
        // The chain proves a prefix; detecting a cut tail needs the last sequence and hash kept elsewhere.
        var records = Chain(5);
        records.RemoveAt(4);

        Assert.Equal(AuditVerification.Valid(4), AuditChain.Verify(records));
    }

    [Fact]
    public void FormatTimestamp_Utc100NanosecondPrecision()
    {
        var timestamp = new DateTimeOffset(2025, 6, 1, 14, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);

        Assert.Equal("2025-06-01T12:00:00.1234567Z", AuditChain.FormatTimestamp(timestamp));
    }

    [Fact]
    public void ParseTimestamp_FormattedTimestamp_RoundTripsEveryTick()
    {
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            var ticks = random.NextInt64(DateTimeOffset.UnixEpoch.UtcTicks, new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks);
            var timestamp = new DateTimeOffset(ticks, TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1)));

            var parsed = AuditChain.ParseTimestamp(AuditChain.FormatTimestamp(timestamp));

            Assert.Equal(timestamp.UtcTicks, parsed.UtcTicks);
            Assert.Equal(TimeSpan.Zero, parsed.Offset);
        }
    }

    [Theory]
    [InlineData("2025-06-01T12:00:00Z")]
    [InlineData("2025-06-01T12:00:00.1234567+00:00")]
    [InlineData("2025-06-01 12:00:00.1234567Z")]
    public void ParseTimestamp_OtherFormat_Throws(string text)
    {
        Assert.Throws<FormatException>(() => AuditChain.ParseTimestamp(text));
    }

    [Fact]
    public void FormatTimestamp_IsCultureInvariant()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("ar-SA");
            Assert.Equal("2025-06-01T12:00:00.0000000Z", AuditChain.FormatTimestamp(TestGrants.Now));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
