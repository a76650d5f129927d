using System.Text;
using ToolGate.Core.Network;

namespace ToolGate.Core.Tests.Network;

public sealed class StratumProbeTests
{
    [Theory]
    [InlineData("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"cpuminer/2.5.1\"]}\n", "mining.subscribe")]
    [InlineData("{\"params\":[\"worker\",\"x\"],\"id\":2,\"method\":\"mining.authorize\"}\n", "mining.authorize")]
    [InlineData("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"login\",\"params\":{\"login\":\"4AdUnd…\",\"pass\":\"x\",\"agent\":\"XMRig/6.21\"}}\n", "login")]
    [InlineData("{\"id\":1,\"method\":\"eth_submitLogin\",\"params\":[\"0xabc\"]}\n", "eth_submitLogin")]
    [InlineData("  \r\n {\"id\":1,\"method\":\"MINING.SUBSCRIBE\"}\n", "MINING.SUBSCRIBE")]
    [InlineData("{\"id\":1,\"\\u006dethod\":\"mining.subscribe\"}\n", "mining.subscribe")]
    public void MiningCall_IsStratum(string firstLine, string method)
    {
        var result = StratumProbe.Inspect(Encoding.UTF8.GetBytes(firstLine), isFinal: false);

        Assert.Equal(StratumProbeOutcome.Stratum, result.Outcome);
        Assert.Equal(method, result.Method);
    }

    [Theory]
    [InlineData("\u0016\u0003\u0001\u0002\u0000\u0001")] // TLS ClientHello
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("SSH-2.0-OpenSSH_9.6\r\n")]
    [InlineData("{\"id\":1,\"method\":\"tools/list\"}\n")]
    [InlineData("{\"id\":1,\"params\":{\"method\":\"mining.subscribe\"},\"method\":\"ping\"}\n")]
    [InlineData("{not json at all}\n")]
    public void OtherTraffic_IsClean(string firstBytes)
    {
        Assert.Equal(StratumProbeOutcome.Clean, StratumProbe.Inspect(Encoding.UTF8.GetBytes(firstBytes), isFinal: false).Outcome);
    }

    [Fact]
    public void CallSplitAcrossReads_WaitsForTheMethod_ThenRecognisesIt()
    {
        const string line = "{\"id\":1,\"params\":[\"a\",\"b\"],\"method\":\"mining.subscribe\"}\n";

        for (var cut = 1; cut < line.IndexOf("mining", StringComparison.Ordinal); cut++)
        {
            Assert.Equal(StratumProbeOutcome.NeedMore, StratumProbe.Inspect(Encoding.UTF8.GetBytes(line[..cut]), isFinal: false).Outcome);
        }

        Assert.Equal(StratumProbeOutcome.Stratum, StratumProbe.Inspect(Encoding.UTF8.GetBytes(line), isFinal: false).Outcome);
    }

    [Fact]
    public void EndOfStreamOrProbeLimit_EndsTheWait()
    {
        Assert.Equal(StratumProbeOutcome.Clean, StratumProbe.Inspect("{\"id\":1,"u8, isFinal: true).Outcome);
        // A documented limit: a method after the probe window is not seen (the pool-host guardrail still applies).
        var padded = Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('x', StratumProbe.MaxProbeBytes) + "\",\"method\":\"mining.subscribe\"}");
        Assert.Equal(StratumProbeOutcome.Clean, StratumProbe.Inspect(padded, isFinal: false).Outcome);
    }
}
