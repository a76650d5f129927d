using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using static ToolGate.Core.Tests.Compute.ComputeEvaluatorTests;

namespace ToolGate.Core.Tests.Compute;

/// <summary>
/// The class of attack, not one row: miner images under any registry, case or tag; miner programs, options,
/// pools and wallets in the command (through wrappers and <c>sh -c</c>) and in env. Denied critical, with or
/// without a grant, and no grant (however wide) overrides it.
/// </summary>
public class MinerGuardrailTests
{
    public const string Monero = "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A";
    public const string Bitcoin = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
    public const string Ethereum = "0xde0B295669a9FD93d5F28D9Ec85E40f4cb697BAe";

    private const string Rule = "guardrail:compute.miner";

    [Theory]
    [InlineData("xmrig/xmrig:latest")]
    [InlineData("xmrig")]
    [InlineData("docker.io/library/xmrig")]
    [InlineData("XMRig/XMRig:6.21")]
    [InlineData("ghcr.io/someone/xmrig-cuda:6")]
    [InlineData("registry.local/team/train-xmrig:v1")]
    [InlineData("metal3d/xmrig@sha256:" + Digests.A)]
    [InlineData("registry.local/tools/xmr-stak:2")]
    [InlineData("registry.local/tools/t-rex:0.26")]
    [InlineData("registry.local/cpuminer_opt:latest")]
    [InlineData("registry.local/myxmrig6:latest")]
    [InlineData("pool.supportxmr.com/train:v1")]
    [InlineData("index.docker.io/xmrig/xmrig:latest")]
    [InlineData("registry-1.docker.io/library/xmrig")]
    [InlineData("REGISTRY.LOCAL/XMRIG")]
    [InlineData("registry.local/xm-rig:1")]
    [InlineData("registry.local/x.m.r.i.g:1")]
    [InlineData("registry.local/cpu_miner:2")]
    [InlineData("registry.local/x-mr-stak:1")]
    [InlineData("registry.local/train:xm-rig")]
    [InlineData("ghcr.io/x/xlarig:5")]
    [InlineData("registry.local/cudo-miner:1")]
    [InlineData("registry.local/xmr-node-proxy:1")]
    [InlineData("registry.local/teamblackminer:1")]
    [InlineData("auto.c3pool.org/train:v1")]
    public void Decide_MinerImage_IsCritical(string image) => AssertMiner(new ComputeAction(image, null, 1, 60));

    [Theory]
    [InlineData("./xmrig -o pool.minexmr.com:4444 -u " + Monero)]
    [InlineData("xmrig --donate-level 1")]
    [InlineData("/opt/XMRig --url=x.example:3333")]
    [InlineData("timeout 100 xmrig")]
    [InlineData("nice -n 19 ./xmrig")]
    [InlineData("sh -c './xmrig -o pool.minexmr.com:4444 -u " + Monero + "'")]
    [InlineData("sh -c 'sh -c \"python run.py --donate-level=1\"'")]
    [InlineData("python run.py --donate-level 1")]
    [InlineData("python run.py -o pool.example.net:3333")]
    [InlineData("python run.py -opool.example.net:3333")]
    [InlineData("python run.py --url=stratum.example.net:14444")]
    [InlineData("python run.py --url stratum+tcp://x.example:80")]
    [InlineData("python run.py STRATUM+SSL://x.example")]
    [InlineData("python run.py -u " + Monero)]
    [InlineData("python run.py -u" + Monero)]
    [InlineData("python run.py --user=" + Monero + ".rig1")]
    [InlineData("python run.py " + Bitcoin)]
    [InlineData("python run.py --wallet " + Ethereum)]
    [InlineData("python run.py --pool xmr.2miners.com:2222")]
    [InlineData("python run.py http://gulf.moneroocean.stream:10128")]
    [InlineData("./xmrig.exe")]
    [InlineData("./.xmrig")]
    [InlineData("/tmp/.cache/.xmrig -o x.example:443")]
    [InlineData("./xmrig64 --threads 4")]
    [InlineData("timeout 5 ./XMRig.EXE")]
    [InlineData("nice -n 19 ./xmrig-6.21.0-linux")]
    [InlineData("sh -c './xm-rig'")]
    [InlineData("bash -c 'sh -c \"./.xmrig\"'")]
    [InlineData("env -i ./xlarig")]
    [InlineData("python run.py -o stratum+wss://x.example:443")]
    [InlineData("python run.py -o stratums://x.example:443")]
    [InlineData("python run.py --pool auto.c3pool.org:443")]
    [InlineData("python run.py --url=stratum.braiins.com:443")]
    [InlineData("python run.py -o x.example:19999")]
    [InlineData("python run.py -o x.example:20001")]
    public void Decide_MinerInCommand_IsCritical(string command) => AssertMiner(new ComputeAction("registry.local/train:v1", command, 1, 60));

    [Theory]
    [InlineData("POOL_URL", "stratum+tcp://pool.example.net:3333")]
    [InlineData("POOL", "pool.supportxmr.com:443")]
    [InlineData("WALLET", Monero)]
    [InlineData("ADDRESS", Ethereum)]
    [InlineData("PAYOUT", Bitcoin)]
    [InlineData("ARGS", "--threads 4 --donate-level 1")]
    [InlineData("MINER", "/opt/xmrig")]
    [InlineData("XMRIG_OPTS", "x")]
    [InlineData("POOL_URL", "stratum+wss://pool.example.net:443")]
    [InlineData("POOL_URL", "ethproxy+tcp://pool.example.net:8008")]
    [InlineData("POOL", "AUTO.C3POOL.ORG:443")]
    [InlineData("MINER", "/opt/xlarig")]
    public void Decide_MinerInEnv_IsCritical(string name, string value) =>
        AssertMiner(new ComputeAction("registry.local/train:v1", "python train.py", 1, 60, Env((name, value))));

    [Theory]
    [InlineData("python train.py --epochs 3 --lr 0.001")]
    [InlineData("python train.py --run 0123456789abcdef0123456789abcdef01234567")]
    [InlineData("python train.py --data s3://bucket/data --out /tmp/out -o /tmp/model:1")]
    [InlineData("python train.py --model meta-llama/Llama-3-8B --algo ppo")]
    [InlineData("python train.py --hub https://huggingface.co/x")]
    [InlineData("python train.py --dataset trex --eval rigel")]
    [InlineData("python train.py --data /data/trex.csv --model rigel-7b")]
    [InlineData("python train.py --url https://pool.example.net:443/data")]
    public void Decide_OrdinaryJob_IsNotAMinerHit(string command)
    {
        var verdict = Decide(new ComputeAction("registry.local/train:v1", command, 1, 60), Wide());

        Assert.True(verdict.IsAllowed, verdict.Reason);
    }

    [Theory]
    [InlineData("registry.local/random-xgboost:1")]
    [InlineData("nvcr.io/nvidia/pytorch:24.01-py3")]
    [InlineData("registry.local/team-red:1")]
    [InlineData("registry.local/data-miner-ui:2")]
    [InlineData("registry.local/c-g-m:1")]
    public void Decide_OrdinaryImage_IsNotAMinerHit(string image)
    {
        var verdict = Decide(new ComputeAction(image, "python train.py", 1, 60), Wide());

        Assert.True(verdict.IsAllowed, verdict.Reason);
    }

    private static void AssertMiner(ComputeAction action)
    {
        foreach (var verdict in new[] { Decide(action), Decide(action, Wide()) })
        {
            Assert.False(verdict.IsAllowed);
            Assert.Equal(Rule, verdict.Rule);
            Assert.Equal(Severity.Critical, verdict.Severity);
            Assert.Null(verdict.Grant);
        }
    }
}
