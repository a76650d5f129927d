using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using ToolGate.Core.Network;
using ToolGate.Core.Shell;
using ToolGate.Core.Shell.Destinations;

namespace ToolGate.Core.Compute;

/// <summary>
/// The miner guardrail for compute jobs: <c>compute.yaml</c> plus the miner data of <c>shell.yaml</c> (programs,
/// argument text) and <c>network.yaml</c> (schemes, pool domains, pool ports), applied to the image, every word
/// of the command (through wrappers and <c>sh -c</c>, via <see cref="ShellJudge"/>) and every env value.
/// Built once per policy snapshot; every check is a scan of the text, no I/O.
/// </summary>
public sealed class ComputeGuardrails
{
    public const string MinerClass = "miner";

    private readonly MinerNames _minerNames;
    private readonly ImmutableArray<string> _minerText;

    /// <param name="destinations">Where job commands connect is judged with these (a job can reach the host's metadata service too).</param>
    public ComputeGuardrails(ComputeKnowledge compute, ShellKnowledge shell, NetworkKnowledge network, ShellNetworkGuardrails? destinations = null)
    {
        ArgumentNullException.ThrowIfNull(compute);
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(network);
        Knowledge = compute;
        Shell = shell;
        Mining = network.Mining;
        Destinations = destinations ?? new ShellNetworkGuardrails(network, Policies.OperatorSettings.Default);
        _minerNames = new MinerNames(
            compute.ImageNames.Concat(shell.GuardrailPrograms.Where(p => p.Value == MinerClass).Select(p => p.Key.ToLowerInvariant())),
            compute.ImageText);
        _minerText = [.. shell.ArgumentText.Where(t => t.Class == MinerClass).Select(t => t.Text)];
    }

    public ComputeKnowledge Knowledge { get; }

    /// <summary>Guardrails and program knowledge a job command is judged with, as a shell command is.</summary>
    public ShellKnowledge Shell { get; }

    public MiningIndicators Mining { get; }

    /// <summary>The network guardrails for where a job command connects.</summary>
    public ShellNetworkGuardrails Destinations { get; }

    /// <summary>Why the image reference looks like a miner image, or null. Works on any text, valid reference or not.</summary>
    public string? MinerInImage(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var lower = image.ToLowerInvariant();
        var at = lower.IndexOf('@', StringComparison.Ordinal);
        var named = at < 0 ? lower : lower[..at]; // a digest is hex: nothing to read in it
        if (_minerNames.TextIn(named) is { } text)
        {
            return $"image '{image}' contains '{text}'";
        }

        foreach (var component in named.Split('/', ':'))
        {
            if (_minerNames.Named(component) is { } miner)
            {
                return $"image '{image}' names the miner '{miner}'";
            }
        }

        return MinerInText(image, argument: false) is { } hit ? $"image '{image}': {hit}" : null;
    }

    /// <summary>Why one word of a command looks like mining, or null: for <see cref="ShellJudge"/>, so nested commands are read too.</summary>
    internal (string Class, string Reason)? MinerInArgv(ImmutableArray<string> argv)
    {
        // The program runs, so its file name counts however decorated (./xmrig.exe, /tmp/.xmrig, ./xmrig64, ./xm-rig).
        if (argv.Length > 0 && Path.GetFileName(argv[0]).ToLowerInvariant() is var file
            && (_minerNames.TextIn(file) ?? _minerNames.Named(file)) is { } program)
        {
            return (MinerClass, $"the program '{argv[0]}' is named for the miner '{program}'");
        }

        for (var i = 0; i < argv.Length; i++)
        {
            var word = argv[i];
            if (MinerInText(word, argument: true) is { } hit)
            {
                return (MinerClass, hit);
            }

            if (i > 0 && PoolOptionValue(argv, i) is { } pool)
            {
                return (MinerClass, $"'{word}' points at a mining pool port ('{pool}')");
            }
        }

        return null;
    }

    /// <summary>Why an env variable looks like mining, or null. The name is read too, for miner text (<c>XMRIG_URL</c>).</summary>
    public string? MinerInEnv(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (MinerInText(value, argument: false) is { } hit)
        {
            return $"env '{name}': {hit}";
        }

        foreach (var option in Knowledge.Options)
        {
            if (value.Contains(option, StringComparison.Ordinal))
            {
                return $"env '{name}' holds the miner option '{option}'";
            }
        }

        var lowerName = name.ToLowerInvariant();
        return Knowledge.ImageText.FirstOrDefault(t => lowerName.Contains(t, StringComparison.Ordinal)) is { } miner ? $"env '{name}' names '{miner}'" : null;
    }

    private string? MinerInText(string text, bool argument)
    {
        if (MiningScheme(text) is { } scheme)
        {
            return $"mining URL scheme '{scheme}://'";
        }

        foreach (var indicator in _minerText)
        {
            if (text.Contains(indicator, StringComparison.OrdinalIgnoreCase))
            {
                return $"contains '{indicator}'";
            }
        }

        if (PoolDomain(text) is { } domain)
        {
            return $"mining pool domain '{domain}'";
        }

        if (argument && MinerOption(text) is { } option)
        {
            return $"miner option '{option}'";
        }

        // A path to a miner program (/opt/xmrig). A bare word is not enough: names like 'trex' are also datasets.
        var program = text.Trim();
        var space = program.IndexOfAny([' ', '\t']);
        program = space < 0 ? program : program[..space];
        if (program.Contains('/', StringComparison.Ordinal) && Path.GetFileName(program).ToLowerInvariant() is var file && _minerNames.Contains(file))
        {
            return $"names the miner '{file}'";
        }

        return Wallet(text) is { } wallet ? $"{wallet.Name} wallet address '{Shorten(wallet.Text)}'" : null;
    }

    private string? MiningScheme(string text)
    {
        for (var end = text.IndexOf("://", StringComparison.Ordinal); end > 0; end = text.IndexOf("://", end + 3, StringComparison.Ordinal))
        {
            var start = end;
            while (start > 0 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '+' or '-' or '.'))
            {
                start--;
            }

            if (Mining.SchemeOf(text[start..]) is { } scheme)
            {
                return scheme;
            }
        }

        return null;
    }

    // Host-like runs (letters, digits, '-', '.') with a dot: the pool table works on canonical lower-case names.
    private string? PoolDomain(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inName = i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '-' or '.');
            if (inName && start < 0)
            {
                start = i;
            }
            else if (!inName && start >= 0)
            {
                var name = text[start..i].Trim('.').ToLowerInvariant();
                start = -1;
                if (name.Contains('.', StringComparison.Ordinal) && Mining.PoolDomains.TryMatch(name, out var domain, out _))
                {
                    return domain;
                }
            }
        }

        return null;
    }

    private string? MinerOption(string word)
    {
        if (!word.StartsWith("--", StringComparison.Ordinal))
        {
            return null;
        }

        var equals = word.IndexOf('=', StringComparison.Ordinal);
        var option = equals < 0 ? word : word[..equals];
        return Knowledge.Options.Contains(option) ? option : null;
    }

    // -o host:port, -ohost:port, --url=host:port, --url host:port; a port in network.yaml's pool ports is a pool.
    private string? PoolOptionValue(ImmutableArray<string> argv, int i)
    {
        var word = argv[i];
        string? value = null;
        if (Knowledge.PoolOptions.Contains(word))
        {
            value = i + 1 < argv.Length ? argv[i + 1] : null;
        }
        else if (word.IndexOf('=', StringComparison.Ordinal) is > 0 and var equals && Knowledge.PoolOptions.Contains(word[..equals]))
        {
            value = word[(equals + 1)..];
        }
        else if (word.Length > 2 && word[0] == '-' && word[1] != '-' && Knowledge.PoolOptions.Contains(word[..2]))
        {
            value = word[2..];
        }

        return value is not null && IsPoolPort(value) ? value : null;
    }

    private bool IsPoolPort(string value)
    {
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        var authority = scheme >= 0 ? value[(scheme + 3)..] : value;
        var slash = authority.IndexOf('/', StringComparison.Ordinal);
        authority = slash >= 0 ? authority[..slash] : authority;
        var colon = authority.LastIndexOf(':');
        return colon > 0
            && int.TryParse(authority.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && Mining.ConnectPorts.Contains(port);
    }

    // Words are runs of ASCII letters and digits; a glued one-letter option (-u4…) is tried without its letter too.
    private (string Name, string Text)? Wallet(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsAsciiLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                var word = text[start..i];
                start = -1;
                if (word.Length < ComputeKnowledge.MinWalletLength)
                {
                    continue;
                }

                foreach (var (name, pattern) in Knowledge.Wallets)
                {
                    if (pattern.IsMatch(word) || pattern.IsMatch(word.AsSpan(1)))
                    {
                        return (name, word);
                    }
                }
            }
        }

        return null;
    }

    private static string Shorten(string text) => text.Length <= 16 ? text : text[..12] + "…";
}
