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
        ["autossh"] = "tunnel", ["ngrok"] = "tunnel", ["cloudflared"] = "tunnel", ["chisel"] = "tunnel",
        ["frpc"] = "tunnel", ["frps"] = "tunnel", ["bore"] = "tunnel", ["socat"] = "tunnel",
        ["nc"] = "tunnel", ["ncat"] = "tunnel", ["netcat"] = "tunnel", ["iodine"] = "tunnel",
        ["dnscat"] = "tunnel", ["dnscat2"] = "tunnel", ["ligolo-agent"] = "tunnel", ["sshuttle"] = "tunnel",
        ["xmrig"] = "miner", ["t-rex"] = "miner", ["lolminer"] = "miner", ["nbminer"] = "miner",
        ["cpuminer"] = "miner", ["minerd"] = "miner", ["ethminer"] = "miner", ["phoenixminer"] = "miner",
        ["gminer"] = "miner", ["teamredminer"] = "miner", ["xmr-stak"] = "miner", ["srbminer"] = "miner",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> SecureShells = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "ssh", "dbclient", "plink");

    private static readonly string[] ForwardingConfigKeys = ["forward", "tunnel", "proxycommand", "localcommand", "permitlocalcommand"];

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

    // -R/-L/-D/-w alone or bundled (-NfR), and -o options (glued or separate) that forward or tunnel.
    private static string? FindForwardingOption(ImmutableArray<string> argv)
    {
        for (var i = 1; i < argv.Length; i++)
        {
            var argument = argv[i];
            if (argument.StartsWith("-o", StringComparison.Ordinal))
            {
                var value = argument.Length > 2 ? argument[2..] : (i + 1 < argv.Length ? argv[i + 1] : string.Empty);
                if (ForwardingConfigKeys.Any(key => value.Contains(key, StringComparison.OrdinalIgnoreCase)))
                {
                    return $"-o {value}";
                }

                continue;
            }

            if (argument.Length >= 2 && argument[0] == '-' && argument[1] != '-' && argument.AsSpan(1).IndexOfAny("RLDw") >= 0)
            {
                return argument;
            }
        }

        return null;
    }
}
