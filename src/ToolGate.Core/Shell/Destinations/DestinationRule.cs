using System.Collections.Frozen;
using System.Collections.Immutable;

namespace ToolGate.Core.Shell.Destinations;

/// <summary>How a word names the host a program connects to (<c>shell.yaml</c> → <c>destinations</c> → <c>operands</c>).</summary>
[Flags]
public enum DestinationForms
{
    None = 0,

    /// <summary><c>scheme://[user@]host[:port]/…</c>, wherever <c>://</c> is in the word (<c>git+https://…</c>, <c>pkg @ https://…</c>).</summary>
    Url = 1,

    /// <summary><c>[user@]host:path</c> and <c>host::module</c>, as scp, rsync and git read them (a colon before any slash).</summary>
    Remote = 2,

    /// <summary>A bare <c>[user@]host[:port][/path]</c>, as curl, ssh and ping read one.</summary>
    Host = 4,
}

/// <summary>
/// Which arguments of a program name the hosts it connects to (<c>shell.yaml</c> → <c>destinations</c>): program
/// knowledge, so the shell judge can check them against the network guardrails.
/// </summary>
/// <param name="Subcommands">Only these subcommands (the first word that is not an option) connect; empty: any use.</param>
/// <param name="Operands">How the words that are not options name a destination.</param>
/// <param name="FirstOperandOnly">Only the first operand does (<c>ssh host command…</c>: the rest is the remote command).</param>
/// <param name="Options">Options whose value is a destination (<c>--url X</c>, <c>--url=X</c>, <c>-xX</c>), read in every form.</param>
/// <param name="OptionsWithValue">Options whose separate value is not an operand.</param>
/// <param name="OptionKeys">Options whose value is <c>Key=Value</c> or <c>Key Value</c>, and the keys (any case) whose value is a destination (<c>ssh -o HostName=…</c>).</param>
public sealed record DestinationRule(
    FrozenSet<string> Programs,
    FrozenSet<string> Subcommands,
    DestinationForms Operands,
    bool FirstOperandOnly,
    FrozenSet<string> Options,
    FrozenSet<string> OptionsWithValue,
    FrozenDictionary<string, ImmutableArray<string>> OptionKeys);
