using System.Net;
using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Grants;
using ToolGate.Core.Network;
using ToolGate.Core.Policies;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Network;

public class NetworkEvaluatorTests
{
    private const string AddressClassRule = "guardrail:network.address-class";

    private static readonly NetworkPolicy AnyPublicHost = Compile(TestGrants.Network("any", ["*"]));

    [Fact]
    public void Decide_GrantedHost_NamesGrantAndPattern()
    {
        var grant = TestGrants.Network("n1", ["https://registry.npmjs.org"]);

        var verdict = Decide("https://registry.npmjs.org/left-pad", Compile(grant));

        Assert.True(verdict.IsAllowed);
        Assert.Equal("grant:n1", verdict.Rule);
        Assert.Equal("target matches 'https://registry.npmjs.org'", verdict.Reason);
        Assert.Same(grant, verdict.Grant);
    }

    [Fact]
    public void Decide_NotGranted_IsDefaultDenyNamingCanonicalTarget()
    {
        var verdict = Decide("https://Example.COM./x/../y", Compile(TestGrants.Network("n1", ["https://registry.npmjs.org"])));

        Assert.False(verdict.IsAllowed);
        Assert.Equal("default-deny", verdict.Rule);
        Assert.Equal("no network grant allows https://example.com:443/y", verdict.Reason);
        Assert.Equal(Severity.Low, verdict.Severity);
    }

    [Fact]
    public void Decide_UnparsableTarget_IsInvalidTargetWithParserReason()
    {
        var verdict = Decide("https://registry.npmjs.org@198.51.100.7/", AnyPublicHost);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("network.invalid-target", verdict.Rule);
        Assert.Equal("user information in the authority (credentials or a host-confusion trick)", verdict.Reason);
    }

    [Theory]
    [InlineData("stratum+tcp://xmr.2miners.com:2222", "'stratum+tcp://' is a mining pool protocol")]
    [InlineData("STRATUM+SSL://pool.example:443", "'stratum+ssl://' is a mining pool protocol")]
    [InlineData("stratum2+tcp://pool.example:3333", "'stratum2+tcp://' is a mining pool protocol")]
    [InlineData("stratum+tcp://user:pass@pool.example:3333 x", "'stratum+tcp://' is a mining pool protocol")]
    [InlineData("https://xmr.2miners.com/", "'xmr.2miners.com' is under mining pool domain '2miners.com'")]
    [InlineData("pool.hashvault.pro:443", "'pool.hashvault.pro' is under mining pool domain 'hashvault.pro'")]
    [InlineData("https://XMR-EU1.NanoPool.org./", "'xmr-eu1.nanopool.org' is under mining pool domain 'nanopool.org'")]
    [InlineData("https://\uff58\uff4d\uff52.nanopool.org/", "'xmr.nanopool.org' is under mining pool domain 'nanopool.org'")]
    [InlineData("gulf.moneroocean.stream:10128", "'gulf.moneroocean.stream' is under mining pool domain 'moneroocean.stream'")]
    [InlineData("pool.example.net:3333", "CONNECT to port 3333, a typical mining pool port")]
    [InlineData("198.51.200.7:14444", "CONNECT to port 14444, a typical mining pool port")]
    public void Decide_MiningIndicator_IsCriticalMinerGuardrailEvenUnderAnyHostGrant(string target, string reason)
    {
        var verdict = Decide(target, AnyPublicHost);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("guardrail:network.miner", verdict.Rule);
        Assert.Equal(reason, verdict.Reason);
        Assert.Equal(Severity.Critical, verdict.Severity);
    }

    [Theory]
    [InlineData("https://pool.example.net:3333/")]
    [InlineData("http://pool.example.net:14444/x")]
    [InlineData("pool.example.net:443")]
    [InlineData("example.com:22")]
    public void Decide_PoolPortOnAUrlOrAWebPortOnConnect_IsNoMiningIndicator(string target)
    {
        Assert.True(Decide(target, AnyPublicHost).IsAllowed);
    }

    [Fact]
    public void Decide_PoolPort_IsDeniedEvenWhenAGrantNamesHostAndPort()
    {
        var verdict = Decide("db.example.net:3333", Compile(TestGrants.Network("db", ["db.example.net:3333"])));

        Assert.Equal("guardrail:network.miner", verdict.Rule);
    }

    [Fact]
    public void Decide_WithoutNetworkKnowledge_DeniesEverythingAsADecisionError()
    {
        var verdict = NetworkEvaluator.Decide(new NetworkAction("https://example.com/"), AnyPublicHost, null, OperatorSettings.Default, TestGrants.Now);

        Assert.False(verdict.IsAllowed);
        Assert.Equal(Rules.DecisionError, verdict.Rule);
        Assert.Equal("no network guardrails are loaded, so no network action can be judged", verdict.Reason);
        Assert.Equal(Severity.High, verdict.Severity);
    }

    [Theory]
    [InlineData("http://localhost:2375/containers/json", "'localhost' is a loopback name")]
    [InlineData("http://LOCALHOST./", "'localhost' is a loopback name")]
    [InlineData("http://ip6-localhost/", "'ip6-localhost' is a loopback name")]
    [InlineData("http://api.localhost/", "'api.localhost' is a loopback name")]
    [InlineData("http://metadata/", "'metadata' is a cloud metadata name")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/", "'metadata.google.internal' is a cloud metadata name")]
    [InlineData("localhost:22", "'localhost' is a loopback name")]
    public void Decide_SpecialHostName_IsDeniedUnderAnyHostGrant(string target, string reason)
    {
        var verdict = Decide(target, AnyPublicHost);

        Assert.False(verdict.IsAllowed);
        Assert.Equal(AddressClassRule, verdict.Rule);
        Assert.Equal(reason, verdict.Reason);
        Assert.Equal(Severity.High, verdict.Severity);
    }

    [Theory]
    [InlineData("http://[::1]/", "::1 is in a blocked address class: loopback")]
    [InlineData("[::1]:6379", "::1 is in a blocked address class: loopback")]
    [InlineData("http://[::]/", ":: is in a blocked address class: unspecified")]
    [InlineData("http://[fc00::5]/", "fc00::5 is in a blocked address class: unique-local")]
    [InlineData("http://[fd00:ec2::254]/", "fd00:ec2::254 is in a blocked address class: cloud metadata address")]
    [InlineData("http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "2001:0:4136:e378:8000:63bf:3fff:fdd2 is in a blocked address class: Teredo tunnel")]
    [InlineData("http://[ff02::1]/", "ff02::1 is in a blocked address class: multicast")]
    [InlineData("http://[2001:db8::1]/", "2001:db8::1 is in a blocked address class: documentation")]
    public void Decide_SpecialIPv6Address_IsDeniedUnderAnyHostGrant(string target, string reason)
    {
        var verdict = Decide(target, AnyPublicHost);

        Assert.False(verdict.IsAllowed);
        Assert.Equal(AddressClassRule, verdict.Rule);
        Assert.Equal(reason, verdict.Reason);
        Assert.Equal(Severity.High, verdict.Severity);
    }

    [Fact]
    public void Decide_LinkLocalWithZone_IsDeniedNamingTheClass()
    {
        var verdict = Decide("http://[fe80::1%25eth0]/", AnyPublicHost);

        Assert.Equal(AddressClassRule, verdict.Rule);
        Assert.EndsWith("is in a blocked address class: link-local", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.2/", "127.0.0.2 is in a blocked address class: loopback")]
    [InlineData("http://0x7F.0.0.2/", "127.0.0.2 is in a blocked address class: loopback")]
    [InlineData("http://0/", "0.0.0.0 is in a blocked address class: unspecified (this network)")]
    [InlineData("http://10.1/", "10.0.0.1 is in a blocked address class: private (RFC 1918)")]
    [InlineData("http://3232235521/", "192.168.0.1 is in a blocked address class: private (RFC 1918)")]
    [InlineData("http://0300.0250.0.1/", "192.168.0.1 is in a blocked address class: private (RFC 1918)")]
    [InlineData("http://172.31.255.255/", "172.31.255.255 is in a blocked address class: private (RFC 1918)")]
    [InlineData("http://100.64.0.1/", "100.64.0.1 is in a blocked address class: carrier-grade NAT (shared address space)")]
    [InlineData("http://169.254.1.1/", "169.254.1.1 is in a blocked address class: link-local")]
    [InlineData("http://169.254.169.254/latest/user-data", "169.254.169.254 is in a blocked address class: cloud metadata address")]
    [InlineData("http://192.0.0.170/", "192.0.0.170 is in a blocked address class: IETF protocol assignments")]
    [InlineData("http://192.0.2.1/", "192.0.2.1 is in a blocked address class: documentation")]
    [InlineData("http://192.88.99.1/", "192.88.99.1 is in a blocked address class: reserved (6to4 relay anycast)")]
    [InlineData("http://198.18.0.1/", "198.18.0.1 is in a blocked address class: benchmarking")]
    [InlineData("http://224.0.0.251/", "224.0.0.251 is in a blocked address class: multicast")]
    [InlineData("http://240.0.0.1/", "240.0.0.1 is in a blocked address class: reserved")]
    [InlineData("http://255.255.255.255/", "255.255.255.255 is in a blocked address class: broadcast")]
    [InlineData("10.0.0.5:22", "10.0.0.5 is in a blocked address class: private (RFC 1918)")]
    [InlineData("http://[::ffff:10.0.0.1]/", "::ffff:10.0.0.1 is in a blocked address class: private (RFC 1918) (embedded in ::ffff:10.0.0.1)")]
    [InlineData("http://[64:ff9b::a00:1]/", "64:ff9b::a00:1 is in a blocked address class: private (RFC 1918) (embedded in 64:ff9b::a00:1)")]
    [InlineData("http://[2002:c0a8:1::]/", "2002:c0a8:1:: is in a blocked address class: private (RFC 1918) (embedded in 2002:c0a8:1::)")]
    public void Decide_SpecialIPv4Address_IsDeniedUnderAnyHostGrant(string target, string reason)
    {
        var verdict = Decide(target, AnyPublicHost);

        Assert.False(verdict.IsAllowed);
        Assert.Equal(AddressClassRule, verdict.Rule);
        Assert.Equal(reason, verdict.Reason);
        Assert.Equal(Severity.High, verdict.Severity);
    }

    [Fact]
    public void Decide_PublicIPv4UnderAnyHostGrant_IsAllowed()
    {
        Assert.True(Decide("http://172.32.0.1/", AnyPublicHost).IsAllowed);
    }

    [Fact]
    public void Decide_OperatorOpenedIPv4Network_LetsAGrantAllowIt()
    {
        var policy = Compile(TestGrants.Network("local-tool", ["http://127.0.0.1:8080", "http://127.0.0.2:8080"]));
        var settings = new OperatorSettings { AllowedNetworks = [IPNetwork.Parse("127.0.0.1/32")] };

        Assert.True(NetworkEvaluator.Decide(new NetworkAction("http://127.0.0.1:8080/run"), policy, TestKnowledge.Network, settings, TestGrants.Now).IsAllowed);
        Assert.Equal(AddressClassRule, NetworkEvaluator.Decide(new NetworkAction("http://127.0.0.2:8080/run"), policy, TestKnowledge.Network, settings, TestGrants.Now).Rule);
        Assert.Equal(AddressClassRule, Decide("http://127.0.0.1:8080/run", policy).Rule);
    }

    [Fact]
    public void Decide_OperatorOpenedIPv6Network_LetsAGrantAllowIt()
    {
        var policy = Compile(TestGrants.Network("local-tool", ["http://[::1]:8080"]));
        var settings = new OperatorSettings { AllowedNetworks = [IPNetwork.Parse("::1/128")] };

        var opened = NetworkEvaluator.Decide(new NetworkAction("http://[::1]:8080/run"), policy, TestKnowledge.Network, settings, TestGrants.Now);

        Assert.True(opened.IsAllowed);
        Assert.Equal(AddressClassRule, Decide("http://[::1]:8080/run", policy).Rule);
    }

    [Fact]
    public void Decide_OperatorOpenedNetwork_DoesNotItselfAllow()
    {
        var settings = new OperatorSettings { AllowedNetworks = [IPNetwork.Parse("::1/128")] };

        var verdict = NetworkEvaluator.Decide(new NetworkAction("http://[::1]:8080/"), NetworkPolicy.Empty, TestKnowledge.Network, settings, TestGrants.Now);

        Assert.Equal(Rules.DefaultDeny, verdict.Rule);
    }

    [Fact]
    public void Decide_OperatorOpenedNetwork_DoesNotOpenSpecialNames()
    {
        var settings = new OperatorSettings { AllowedNetworks = [IPNetwork.Parse("::1/128")] };

        var verdict = NetworkEvaluator.Decide(new NetworkAction("http://localhost:8080/"), AnyPublicHost, TestKnowledge.Network, settings, TestGrants.Now);

        Assert.Equal(AddressClassRule, verdict.Rule);
    }

    [Fact]
    public void Decide_DenyPattern_WinsOverWildcardAllow()
    {
        var policy = Compile(TestGrants.Network("n1", ["*.example.com"], deny: ["https://secret.example.com"]));

        var verdict = Decide("https://secret.example.com/x", policy);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("grant:n1", verdict.Rule);
        Assert.Equal("target matches deny pattern 'https://secret.example.com'", verdict.Reason);
        Assert.Equal(Severity.High, verdict.Severity);
        Assert.True(Decide("https://public.example.com/x", policy).IsAllowed);
    }

    [Fact]
    public void Decide_ExpiredGrant_DoesNotAllow()
    {
        var policy = Compile(TestGrants.Network("old", ["https://registry.npmjs.org"], expiresAt: TestGrants.Now));

        Assert.Equal(Rules.DefaultDeny, Decide("https://registry.npmjs.org/x", policy).Rule);
    }

    [Theory]
    [InlineData("https://raw.githubusercontent.com/a/b/main/c", true)]
    [InlineData("https://githubusercontent.com/x", false)]
    [InlineData("https://evilgithubusercontent.com/x", false)]
    [InlineData("https://raw.githubusercontent.com.attacker.net/x", false)]
    public void Decide_WildcardGrant_CoversSubdomainsOnly(string target, bool allowed)
    {
        var policy = Compile(TestGrants.Network("gh", ["*.githubusercontent.com:443"]));

        Assert.Equal(allowed, Decide(target, policy).IsAllowed);
    }

    [Theory]
    [InlineData("https://huggingface.co/api/models", true)]
    [InlineData("https://huggingface.co/api/../models", false)]
    [InlineData("https://huggingface.co/api%2f..%2fmodels", false)]
    [InlineData("huggingface.co:443", false)]
    public void Decide_PathPrefixGrant_HoldsAfterNormalisation(string target, bool allowed)
    {
        var policy = Compile(TestGrants.Network("hf", ["https://huggingface.co:443/api/"]));

        Assert.Equal(allowed, Decide(target, policy).IsAllowed);
    }

    [Theory]
    [InlineData("https://huggingface.co/api/%2e%2e/models")]
    [InlineData("https://huggingface.co/api/%2E%2E/models")]
    [InlineData("https://huggingface.co/api/..;/models")]
    [InlineData("https://huggingface.co/api/%252e%252e/%252e%252e/models")]
    [InlineData("https://huggingface.co/api/%252f..%252fmodels")]
    [InlineData("https://huggingface.co/api/%%32%65%%32%65/models")]
    [InlineData("https://huggingface.co/api%3b/models")]
    [InlineData("https://huggingface.co/%61pi/../models")]
    [InlineData("https://huggingface.co/API/models")]
    public void Decide_EncodedDotSegments_DoNotEscapePathPrefix(string target)
    {
        var policy = Compile(TestGrants.Network("hf", ["https://huggingface.co:443/api/"]));

        Assert.False(Decide(target, policy).IsAllowed);
    }

    [Theory]
    [InlineData("https://huggingface.co/%61pi/models")]
    [InlineData("https://huggingface.co/api/models/caf%c3%a9")]
    [InlineData("https://huggingface.co/api/x/../models?next=/../../y")]
    public void Decide_EquivalentSpellingInsidePathPrefix_IsAllowed(string target)
    {
        var policy = Compile(TestGrants.Network("hf", ["https://huggingface.co:443/api/"]));

        Assert.True(Decide(target, policy).IsAllowed);
    }

    [Theory]
    [InlineData("https://registry.npmjs.org/-/admin")]
    [InlineData("https://registry.npmjs.org/-/admin/users")]
    [InlineData("https://registry.npmjs.org/-/%61dmin")]
    [InlineData("https://registry.npmjs.org/-/admin%2Fusers")]
    [InlineData("https://registry.npmjs.org/-%2Fadmin")]
    [InlineData("https://registry.npmjs.org/x/..%2F-/admin")]
    [InlineData("https://registry.npmjs.org/-/%2561dmin")]
    [InlineData("https://registry.npmjs.org/-/admin;jsessionid=1")]
    [InlineData("https://registry.npmjs.org/-;x/admin")]
    [InlineData("https://registry.npmjs.org/-/admin%3Bx")]
    [InlineData("https://registry.npmjs.org/-/admin%00.png")]
    [InlineData("https://registry.npmjs.org/-/adm%09in")]
    [InlineData("https://registry.npmjs.org/-/ADMIN")]
    [InlineData("https://registry.npmjs.org/-/\uff41\uff44\uff4d\uff49\uff4e")]
    [InlineData("https://registry.npmjs.org/-%5Cadmin")]
    [InlineData("https://registry.npmjs.org/x/%C0%AE%C0%AE/-/admin")]
    [InlineData("https://registry.npmjs.org/-%C0%AFadmin")]
    [InlineData("registry.npmjs.org:443")]
    public void Decide_DenyPatternWithAPath_HitsEveryReadingAServerMayGive(string target)
    {
        var verdict = Decide(target, Compile(TestGrants.Network("npm", ["https://registry.npmjs.org"], deny: ["https://registry.npmjs.org/-/admin"])));

        Assert.False(verdict.IsAllowed, $"allowed: {verdict.Reason}");
        Assert.Equal("grant:npm", verdict.Rule);
    }

    [Theory]
    [InlineData("https://registry.npmjs.org/-/administrator")]
    [InlineData("https://registry.npmjs.org/-/admin-ui")]
    [InlineData("https://registry.npmjs.org/x/-/admin")]
    [InlineData("https://registry.npmjs.org/-/v1/search?text=/-/admin")]
    [InlineData("https://registry.npmjs.org/left-pad")]
    [InlineData("registry.npmjs.org:8443")]
    public void Decide_DenyPatternWithAPath_LeavesOtherPathsAndPortsAllowed(string target)
    {
        var verdict = Decide(target, Compile(TestGrants.Network("npm", ["https://registry.npmjs.org", "registry.npmjs.org:8443"], deny: ["https://registry.npmjs.org/-/admin"])));

        Assert.True(verdict.IsAllowed, verdict.Reason);
    }

    [Fact]
    public void Decide_TunnelToAHostWithADeniedPath_NamesTheTunnel()
    {
        var verdict = Decide("registry.npmjs.org:443", Compile(TestGrants.Network("npm", ["https://registry.npmjs.org"], deny: ["https://registry.npmjs.org/-/admin"])));

        Assert.Equal("a tunnel to registry.npmjs.org:443 could reach what deny pattern 'https://registry.npmjs.org/-/admin' names", verdict.Reason);
    }

    [Theory]
    [InlineData("https://b\u00fccher.example/x", "https://xn--bcher-kva.example")]
    [InlineData("https://xn--bcher-kva.example/x", "https://b\u00fccher.example")]
    [InlineData("https://shop.B\u00dcCHER.example/x", "*.b\u00fccher.example")]
    public void Decide_InternationalNames_GrantAndTargetCompareOnTheAsciiForm(string target, string grant)
    {
        Assert.True(Decide(target, Compile(TestGrants.Network("idn", [grant]))).IsAllowed);
    }

    [Theory]
    [InlineData("http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/")]
    [InlineData("http://127\u30020\u30020\u30021/")]
    public void Decide_UnicodeSpellingOfLoopback_IsDenied(string target)
    {
        Assert.False(Decide(target, AnyPublicHost).IsAllowed);
    }

    [Theory]
    [InlineData("https://example.com/x")]
    [InlineData("example.com:22")]
    [InlineData("http://[2606:4700:4700::1111]/")]
    [InlineData("http://[::ffff:1.1.1.1]/")]
    [InlineData("http://[::ffff:0101:0101]/")]
    [InlineData("http://[64:ff9b::101:101]/")]
    [InlineData("https://pool.example.net:3333/")]
    [InlineData("https://example.com/?q=stratum+tcp://pool.example.net:3333")]
    public void Decide_AnyHostGrant_AllowsPublicTargets(string target)
    {
        Assert.True(Decide(target, AnyPublicHost).IsAllowed);
    }

    private static NetworkPolicy Compile(params NetworkGrant[] grants) => NetworkPolicy.Compile(grants);

    private static Verdict Decide(string target, NetworkPolicy policy) =>
        NetworkEvaluator.Decide(new NetworkAction(target), policy, TestKnowledge.Network, OperatorSettings.Default, TestGrants.Now);
}
