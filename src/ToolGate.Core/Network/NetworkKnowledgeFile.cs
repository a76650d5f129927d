using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ToolGate.Core.Network;

/// <summary>
/// The YAML shape of <c>network.yaml</c> (settable properties for the deserializer) and its compilation into
/// <see cref="NetworkKnowledge"/>, collecting every error with the field that holds it.
/// </summary>
internal sealed class NetworkKnowledgeFile
{
    private const string PoolDomainClass = "mining pool domain";
    private const string EchoDomainClass = "address-echo DNS service";

    // Ports ordinary web traffic (and HTTPS through a CONNECT proxy) uses: never a mining indicator.
    private static readonly int[] WebPorts = [80, 443, 8080, 8443];

    public Dictionary<string, List<string>?>? AddressClasses { get; set; }

    public Dictionary<string, List<string>?>? HostNames { get; set; }

    public MiningSection? Mining { get; set; }

    public List<string>? AddressEchoDomains { get; set; }

    public NetworkKnowledge Compile(List<string> errors)
    {
        return new NetworkKnowledge(CompileAddresses(errors), CompileHostNames(errors), CompileMining(errors), CompileEchoDomains(errors));
    }

    private AddressClassifier CompileAddresses(List<string> errors)
    {
        if (AddressClasses is not { Count: > 0 })
        {
            errors.Add("addressClasses must name at least one class of addresses");
            return new AddressClassifier([]);
        }

        var seen = new Dictionary<IPNetwork, string>();
        foreach (var (name, entries) in AddressClasses)
        {
            foreach (var (text, i) in Entries(name, entries, "addressClasses", errors))
            {
                var field = $"addressClasses['{name}'][{i}]";
                if (ParseNetwork(text, out var error) is not { } network)
                {
                    errors.Add($"{field}: {error}");
                }
                else if (!seen.TryAdd(network, name))
                {
                    errors.Add($"{field}: {network} is already in class '{seen[network]}'");
                }
            }
        }

        return new AddressClassifier(seen.Select(p => (p.Key, p.Value)));
    }

    private DomainTable CompileHostNames(List<string> errors)
    {
        if (HostNames is not { Count: > 0 })
        {
            errors.Add("hostNames must name at least one class of host names");
            return DomainTable.Empty;
        }

        var exact = new Dictionary<string, string>(StringComparer.Ordinal);
        var under = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, entries) in HostNames)
        {
            foreach (var (text, i) in Entries(name, entries, "hostNames", errors))
            {
                var subdomains = text.StartsWith("*.", StringComparison.Ordinal);
                if (CanonicalName(subdomains ? text[2..] : text, out var error) is not { } host)
                {
                    errors.Add($"hostNames['{name}'][{i}]: {error}");
                }
                else if (!(subdomains ? under : exact).TryAdd(host, name))
                {
                    errors.Add($"hostNames['{name}'][{i}]: '{text}' is listed twice");
                }
            }
        }

        return new DomainTable(exact, under);
    }

    // Optional: without the section no name is read for an address before resolution.
    private DomainTable CompileEchoDomains(List<string> errors)
    {
        var domains = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (text, i) in (AddressEchoDomains ?? []).Select((d, i) => (d, i)))
        {
            var field = $"addressEchoDomains[{i}]";
            if (CanonicalName(text, out var error) is not { } domain)
            {
                errors.Add($"{field}: {error}");
            }
            else if (!domain.Contains('.', StringComparison.Ordinal))
            {
                errors.Add($"{field}: '{text}' has one label; an echo domain needs at least two");
            }
            else if (!domains.TryAdd(domain, EchoDomainClass))
            {
                errors.Add($"{field}: '{text}' is listed twice");
            }
        }

        return new DomainTable([], domains);
    }

    private MiningIndicators CompileMining(List<string> errors)
    {
        if (Mining is null)
        {
            errors.Add("mining: the section is missing (schemes, domains, connectPorts)");
            return MiningIndicators.None;
        }

        var schemes = new List<string>();
        foreach (var (scheme, i) in (Mining.Schemes ?? []).Select((s, i) => (s, i)))
        {
            if (scheme is null || scheme.Length == 0 || !char.IsAsciiLetterLower(scheme[0]) || !scheme.All(IsSchemeCharacter))
            {
                errors.Add($"mining.schemes[{i}]: '{scheme}' is not a lower-case URL scheme");
            }
            else if (NetworkTarget.DefaultPort(scheme) is not null)
            {
                errors.Add($"mining.schemes[{i}]: '{scheme}' is a web scheme; listing it would deny all web traffic");
            }
            else
            {
                schemes.Add(scheme);
            }
        }

        var domains = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (text, i) in (Mining.Domains ?? []).Select((d, i) => (d, i)))
        {
            var field = $"mining.domains[{i}]";
            if (text?.StartsWith('*') == true)
            {
                errors.Add($"{field}: write '{text.TrimStart('*', '.')}' without '*.'; a pool domain covers the names under it");
            }
            else if (CanonicalName(text, out var error) is not { } domain)
            {
                errors.Add($"{field}: {error}");
            }
            else if (!domain.Contains('.', StringComparison.Ordinal))
            {
                errors.Add($"{field}: '{text}' has one label; a pool domain needs at least two, or it would cover a whole top-level domain");
            }
            else if (!domains.TryAdd(domain, PoolDomainClass))
            {
                errors.Add($"{field}: '{text}' is listed twice");
            }
        }

        var ports = new List<int>();
        foreach (var (port, i) in (Mining.ConnectPorts ?? []).Select((p, i) => (p, i)))
        {
            if (port is < 1 or > 65535)
            {
                errors.Add($"mining.connectPorts[{i}]: {port} is not a port (1-65535)");
            }
            else if (WebPorts.Contains(port))
            {
                errors.Add($"mining.connectPorts[{i}]: {port} carries ordinary web traffic and must not be a mining indicator");
            }
            else
            {
                ports.Add(port);
            }
        }

        if (Mining.Schemes is not { Count: > 0 } || Mining.Domains is not { Count: > 0 })
        {
            errors.Add("mining: schemes and domains must each list at least one entry");
        }

        return new MiningIndicators(schemes, new DomainTable(domains, domains), ports);
    }

    private static IEnumerable<(string Text, int Index)> Entries(string name, List<string>? entries, string section, List<string> errors)
    {
        if (entries is not { Count: > 0 })
        {
            errors.Add($"{section}['{name}'] lists nothing");
            return [];
        }

        return entries.Select((text, i) => (text ?? string.Empty, i));
    }

    private static IPNetwork? ParseNetwork(string text, out string error)
    {
        error = $"'{text}' is not an address or a CIDR network";
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!IPAddress.TryParse(slash < 0 ? text : text[..slash], out var address) || text.Contains('%', StringComparison.Ordinal))
        {
            return null;
        }

        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxPrefix;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > maxPrefix))
        {
            return null;
        }

        // IPNetwork masks host bits silently; a range written with them is a typo, so name it.
        var network = new IPNetwork(address, prefix);
        if (!network.BaseAddress.Equals(address))
        {
            error = $"'{text}' has bits set after the prefix; write {network}";
            return null;
        }

        error = string.Empty;
        return network;
    }

    private static string? CanonicalName(string? text, out string error)
    {
        if (string.IsNullOrEmpty(text) || !NetworkTarget.TryCanonicalizeHost(text, out var host, out var address, out error))
        {
            error = $"'{text}' is not a host name";
            return null;
        }

        if (address is not null)
        {
            error = $"'{text}' is an address; list it under addressClasses";
            return null;
        }

        return host;
    }

    private static bool IsSchemeCharacter(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '+' or '-' or '.';

    public sealed class MiningSection
    {
        public List<string>? Schemes { get; set; }

        public List<string>? Domains { get; set; }

        public List<int>? ConnectPorts { get; set; }
    }
}
