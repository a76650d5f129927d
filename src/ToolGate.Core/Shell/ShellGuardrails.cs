using System.Collections.Frozen;
using System.Collections.Immutable;

namespace ToolGate.Core.Shell;

/// <summary>
/// Commands no ordinary grant may allow: tunnels and port forwards, reverse shells, crypto miners.
/// Checked before any grant, reported as critical. Foundation list; the shell issue moves it to
/// <c>policies/guardrails/</c> as data and widens it.
/// </summary>
public static class ShellGuardrails
{
    private static readonly FrozenDictionary<string, string> ProgramClasses = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["autossh"] = "tunnel", ["ngrok"] = "tunnel", ["nc.openbsd"] = "tunnel", ["nc.traditional"] = "tunnel", ["cloudflared"] = "tunnel", ["chisel"] = "tunnel",
        ["frpc"] = "tunnel", ["frps"] = "tunnel", ["bore"] = "tunnel", ["socat"] = "tunnel",
        ["nc"] = "tunnel", ["ncat"] = "tunnel", ["netcat"] = "tunnel", ["iodine"] = "tunnel",
        ["dnscat"] = "tunnel", ["dnscat2"] = "tunnel", ["ligolo-agent"] = "tunnel", ["sshuttle"] = "tunnel",
        ["xmrig"] = "miner", ["t-rex"] = "miner", ["lolminer"] = "miner", ["nbminer"] = "miner",
        ["cpuminer"] = "miner", ["minerd"] = "miner", ["ethminer"] = "miner", ["phoenixminer"] = "miner",
        ["gminer"] = "miner", ["teamredminer"] = "miner", ["xmr-stak"] = "miner", ["srbminer"] = "miner",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> SecureShells = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "ssh", "dbclient", "plink");

    private const string ForwardingFlags = "RLDwWJ";

    private const string SshFlagsWithValue = "bBcDEeFIiJLlmOopQRSWw";

    private static readonly string[] ForwardingConfigKeys = ["forward", "tunnel", "proxycommand", "localcommand", "permitlocalcommand", "proxyjump", "remotecommand"];

    private static readonly string[] ArgumentIndicators = ["stratum+tcp://", "stratum+ssl://", "stratum2+tcp://", "/dev/tcp/", "/dev/udp/"];

    /// <summary>The guardrail name (<c>shell.tunnel</c>, <c>shell.miner</c>, …) and a reason, or null.</summary>
    public static (string Name, string Reason)? Check(ImmutableArray<string> argv)
    {
        var program = Path.GetFileName(argv[0]);
        if (ProgramClasses.TryGetValue(program, out var programClass))
        {
            return ($"shell.{programClass}", $"'{program}' is a known {programClass} program");
        }

        if (SecureShells.Contains(program) && FindForwardingOption(argv) is { } option)
        {
            return ("shell.tunnel", $"'{program} {option}' opens a tunnel or port forward");
        }

        foreach (var argument in argv)
        {
            foreach (var indicator in ArgumentIndicators)
            {
                if (argument.Contains(indicator, StringComparison.OrdinalIgnoreCase))
                {
                    var name = indicator.StartsWith("stratum", StringComparison.Ordinal) ? "shell.miner" : "shell.reverse-shell";
                    return (name, $"argument contains '{indicator}'");
                }
            }
        }

        return null;
    }

    // Walks ssh's short options as getopt does: bundles (-NfR), options whose value is glued or separate
    // (-o X, -oX, -No X). Forwarding flags (-R -L -D -w -W -J) or -o keys that forward or run commands hit.
    private static string? FindForwardingOption(ImmutableArray<string> argv)
    {
        for (var i = 1; i < argv.Length; i++)
        {
            var argument = argv[i];
            if (argument.Length < 2 || argument[0] != '-' || argument[1] == '-')
            {
                continue;
            }

            for (var j = 1; j < argument.Length; j++)
            {
                var flag = argument[j];
                if (ForwardingFlags.Contains(flag))
                {
                    return argument;
                }

                if (!SshFlagsWithValue.Contains(flag))
                {
                    continue;
                }

                var value = j + 1 < argument.Length ? argument[(j + 1)..] : (i + 1 < argv.Length ? argv[++i] : string.Empty);
                if (flag == 'o' && ForwardingConfigKeys.Any(key => value.Contains(key, StringComparison.OrdinalIgnoreCase)))
                {
                    return $"-o {value}";
                }

                break;
            }
        }

        return null;
    }
}
