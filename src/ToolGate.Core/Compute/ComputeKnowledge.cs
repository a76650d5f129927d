using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using ToolGate.Core.Text;

namespace ToolGate.Core.Compute;

/// <summary>
/// What ToolGate knows about compute jobs, as data (<c>policies/guardrails/compute.yaml</c>): miner image names,
/// miner options, pool options, wallet address formats and environment variables that change what runs.
/// Parsed and validated here (every error, naming the field); the gateway reads the file. Immutable once built.
/// </summary>
public sealed class ComputeKnowledge
{
    /// <summary>Words shorter than this are never tested as wallets: every known address format is longer.</summary>
    public const int MinWalletLength = 26;

    // A wallet pattern that matches any of these would deny ordinary jobs: refuse the file instead.
    private static readonly string[] OrdinaryWords =
        ["python", "train", "latest", "0123456789abcdef0123456789abcdef01234567", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"];

    private ComputeKnowledge(
        FrozenSet<string> imageNames, ImmutableArray<string> imageText, FrozenSet<string> options, FrozenSet<string> poolOptions,
        ImmutableArray<(string Name, Regex Pattern)> wallets, FrozenSet<string> deniedEnv, ImmutableArray<string> deniedEnvPrefixes)
    {
        ImageNames = imageNames;
        ImageText = imageText;
        Options = options;
        PoolOptions = poolOptions;
        Wallets = wallets;
        DeniedEnv = deniedEnv;
        DeniedEnvPrefixes = deniedEnvPrefixes;
    }

    /// <summary>Lower-case names that mark a miner image as a path component or a word of one.</summary>
    public FrozenSet<string> ImageNames { get; }

    /// <summary>Lower-case text that marks a miner image anywhere in the reference.</summary>
    public ImmutableArray<string> ImageText { get; }

    public FrozenSet<string> Options { get; }

    public FrozenSet<string> PoolOptions { get; }

    public ImmutableArray<(string Name, Regex Pattern)> Wallets { get; }

    public FrozenSet<string> DeniedEnv { get; }

    public ImmutableArray<string> DeniedEnvPrefixes { get; }

    /// <summary>Whether setting <paramref name="name"/> would change which code a granted command runs.</summary>
    public bool IsDeniedEnv(string name) =>
        DeniedEnv.Contains(name) || DeniedEnvPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Parses and validates the YAML text; null with every error (naming the line or field) when invalid.</summary>
    public static ComputeKnowledge? Parse(string yaml, out IReadOnlyList<string> errors)
    {
        if (!YamlText.TryDeserialize<ComputeKnowledgeFile>(yaml, out var parsed, out var yamlError))
        {
            errors = [yamlError];
            return null;
        }

        var file = parsed ?? new ComputeKnowledgeFile();

        var found = new List<string>();
        var miner = file.Miner ?? new MinerSection();
        if (miner.ImageNames is not { Count: > 0 })
        {
            found.Add("miner.imageNames must list at least one miner image name");
        }

        var imageNames = Words("miner.imageNames", miner.ImageNames, w => w.Length > 1 && !w.Any(c => char.IsWhiteSpace(c) || c is '/' or ':' or '@'), found);
        var imageText = Words("miner.imageText", miner.ImageText, w => w.Length >= 4 && !w.Any(char.IsWhiteSpace), found);
        var options = Words("miner.options", miner.Options, w => w.StartsWith("--", StringComparison.Ordinal) && w.Length > 3, found, lower: false);
        var poolOptions = Words("miner.poolOptions", miner.PoolOptions, w => w.StartsWith('-') && w.Length > 1 && !w.Contains('=', StringComparison.Ordinal), found, lower: false);

        var wallets = ImmutableArray.CreateBuilder<(string, Regex)>();
        foreach (var (name, text) in miner.Wallets ?? [])
        {
            var field = $"miner.wallets['{name}']";
            try
            {
                var regex = new Regex($"^(?:{text})$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
                if (OrdinaryWords.FirstOrDefault(regex.IsMatch) is { } word)
                {
                    found.Add($"{field}: matches the ordinary word '{word}'; a wallet pattern must be specific");
                }
                else
                {
                    wallets.Add((name, regex));
                }
            }
            catch (ArgumentException e)
            {
                found.Add($"{field}: not a regular expression: {e.Message}");
            }
        }

        if (wallets.Count == 0 && found.Count == 0)
        {
            found.Add("miner.wallets must list at least one wallet address format");
        }

        var denied = new HashSet<string>(StringComparer.Ordinal);
        var prefixes = new List<string>();
        foreach (var (name, i) in (file.Env?.DeniedNames ?? []).Select((n, i) => (n ?? string.Empty, i)))
        {
            var plain = name.EndsWith('*') ? name[..^1] : name;
            if (plain.Length == 0 || !ComputeEnv.IsValidName(plain))
            {
                found.Add($"env.deniedNames[{i}]: '{name}' is not a variable name (or a prefix ending in '*')");
            }
            else if (name.EndsWith('*'))
            {
                prefixes.Add(plain);
            }
            else
            {
                denied.Add(name);
            }
        }

        errors = found;
        return found.Count > 0
            ? null
            : new ComputeKnowledge(imageNames.ToFrozenSet(StringComparer.Ordinal), [.. imageText], options.ToFrozenSet(StringComparer.Ordinal),
                poolOptions.ToFrozenSet(StringComparer.Ordinal), wallets.ToImmutable(), denied.ToFrozenSet(StringComparer.Ordinal), [.. prefixes]);
    }

    private static List<string> Words(string field, List<string?>? words, Func<string, bool> valid, List<string> errors, bool lower = true)
    {
        var result = new List<string>();
        foreach (var (word, i) in (words ?? []).Select((w, i) => (w ?? string.Empty, i)))
        {
            if (!valid(word))
            {
                errors.Add($"{field}[{i}]: '{word}' is not a valid entry");
            }
            else
            {
                result.Add(lower ? word.ToLowerInvariant() : word);
            }
        }

        return result;
    }

    // The YAML shape. Settable properties for the deserializer; nothing outside this class sees them.
    private sealed class ComputeKnowledgeFile
    {
        public MinerSection? Miner { get; set; }

        public EnvSection? Env { get; set; }
    }

    private sealed class MinerSection
    {
        public List<string?>? ImageNames { get; set; }

        public List<string?>? ImageText { get; set; }

        public List<string?>? Options { get; set; }

        public List<string?>? PoolOptions { get; set; }

        public Dictionary<string, string>? Wallets { get; set; }
    }

    private sealed class EnvSection
    {
        public List<string?>? DeniedNames { get; set; }
    }
}
