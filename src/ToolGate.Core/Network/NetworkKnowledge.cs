using System.Net;
using ToolGate.Core.Text;

namespace ToolGate.Core.Network;

/// <summary>
/// What ToolGate knows about destinations, as data (<c>policies/guardrails/network.yaml</c>): blocked address
/// classes (with metadata addresses), special host names and mining indicators. Parsed from text and
/// validated here; the gateway reads the file. Immutable once built.
/// </summary>
public sealed class NetworkKnowledge
{
    // A file that no longer blocks these has lost its core; refuse it rather than run wide open.
    private static readonly string[] MustClassify = ["127.0.0.1", "::1", "10.0.0.1", "169.254.169.254"];

    internal NetworkKnowledge(AddressClassifier addresses, DomainTable hostNames, MiningIndicators mining, DomainTable? addressEchoDomains = null)
    {
        Addresses = addresses;
        HostNames = hostNames;
        Mining = mining;
        AddressEchoDomains = addressEchoDomains ?? DomainTable.Empty;
    }

    /// <summary>Blocked address classes, including single metadata and credential-service addresses.</summary>
    public AddressClassifier Addresses { get; }

    /// <summary>Names that always mean this machine or a metadata service, with their class.</summary>
    public DomainTable HostNames { get; }

    public MiningIndicators Mining { get; }

    /// <summary>DNS services that answer a name under them with the address the name spells (<see cref="SpelledAddresses"/>).</summary>
    public DomainTable AddressEchoDomains { get; }

    /// <summary>Parses and validates the YAML text; null with every error (naming the line or field) when invalid.</summary>
    public static NetworkKnowledge? Parse(string yaml, out IReadOnlyList<string> errors)
    {
        if (!YamlText.TryDeserialize<NetworkKnowledgeFile>(yaml, out var parsed, out var yamlError))
        {
            errors = [yamlError];
            return null;
        }

        var file = parsed ?? new NetworkKnowledgeFile();

        var found = new List<string>();
        var knowledge = file.Compile(found);
        foreach (var address in MustClassify)
        {
            if (found.Count == 0 && knowledge.Addresses.Classify(IPAddress.Parse(address)) is null)
            {
                found.Add($"addressClasses: {address} is in no class; loopback, private and metadata addresses must always be blocked");
            }
        }

        if (found.Count == 0 && knowledge.HostNames.Classify("localhost") is null)
        {
            found.Add("hostNames: 'localhost' is in no class; loopback names must always be blocked");
        }

        errors = found;
        return found.Count == 0 ? knowledge : null;
    }
}
