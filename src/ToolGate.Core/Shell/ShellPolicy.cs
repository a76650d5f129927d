using System.Collections.Frozen;
using System.Collections.Immutable;
using ToolGate.Core.Decisions;
using ToolGate.Core.Grants;
using ToolGate.Core.Shell.Constructs;

namespace ToolGate.Core.Shell;

/// <summary>
/// One agent's shell grants, compiled once per policy snapshot: patterns indexed by program so a decision
/// looks at the few patterns that can match instead of every grant.
/// </summary>
public sealed class ShellPolicy
{
    public static readonly ShellPolicy Empty = Compile([]);

    private ShellPolicy(
        FrozenDictionary<string, ImmutableArray<(ShellPattern Pattern, CompiledShellGrant Grant)>> allowByProgram,
        FrozenDictionary<string, ImmutableArray<(ShellPattern Pattern, CompiledShellGrant Grant)>> denyByProgram,
        FrozenDictionary<string, ImmutableArray<CompiledShellGrant>> constructGrants)
    {
        ConstructGrants = constructGrants;
        AllowByProgram = allowByProgram;
        DenyByProgram = denyByProgram;
        AllowIndex = allowByProgram.ToFrozenDictionary(p => p.Key, p => new ShellPatternIndex(p.Value), StringComparer.Ordinal);
        DenyIndex = denyByProgram.ToFrozenDictionary(p => p.Key, p => new ShellPatternIndex(p.Value), StringComparer.Ordinal);
        Programs = AllowIndex.Keys.Concat(DenyIndex.Keys).Distinct(StringComparer.Ordinal).ToFrozenDictionary(
            program => program,
            program => new ProgramPatterns(DenyIndex.GetValueOrDefault(program), AllowIndex.GetValueOrDefault(program)),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// The deny and allow patterns of one program, found with one look-up, and what the knowledge says about the
    /// program (kept for the last knowledge asked), so a granted program is not looked up a second time.
    /// </summary>
    internal sealed class ProgramPatterns(ShellPatternIndex? deny, ShellPatternIndex? allow)
    {
        // Replaced whole: a thread reads one knowledge's facts or none, never a mix.
        private KnownFacts? _facts;

        public ShellPatternIndex? Deny { get; } = deny;

        public ShellPatternIndex? Allow { get; } = allow;

        /// <summary>
        /// <c>knowledge.FactsFor(program)</c>, where <paramref name="program"/> is the file name of this entry's key
        /// (the argv[0] it was found by), so it is the same name every time the entry is found.
        /// </summary>
        public ProgramFacts FactsFor(ShellKnowledge knowledge, string program)
        {
            if (_facts is { } known && ReferenceEquals(known.Knowledge, knowledge))
            {
                return known.Facts;
            }

            var facts = knowledge.FactsFor(program);
            _facts = new KnownFacts(knowledge, facts);
            return facts;
        }

        private sealed record KnownFacts(ShellKnowledge Knowledge, ProgramFacts Facts);
    }

    /// <summary><see cref="DenyIndex"/> and <see cref="AllowIndex"/> by program in one table: what decisions look at.</summary>
    internal FrozenDictionary<string, ProgramPatterns> Programs { get; }

    internal FrozenDictionary<string, ImmutableArray<(ShellPattern Pattern, CompiledShellGrant Grant)>> AllowByProgram { get; }

    /// <summary>The grants listing each construct (<see cref="ShellConstructs"/>), in grant order.</summary>
    internal FrozenDictionary<string, ImmutableArray<CompiledShellGrant>> ConstructGrants { get; }

    internal FrozenDictionary<string, ImmutableArray<(ShellPattern Pattern, CompiledShellGrant Grant)>> DenyByProgram { get; }

    /// <summary><see cref="AllowByProgram"/> indexed by second word: what decisions look at.</summary>
    internal FrozenDictionary<string, ShellPatternIndex> AllowIndex { get; }

    /// <summary><see cref="DenyByProgram"/> indexed by second word: what decisions look at.</summary>
    internal FrozenDictionary<string, ShellPatternIndex> DenyIndex { get; }

    /// <summary>The first grant active at <paramref name="now"/> that lists <paramref name="construct"/>; null when none does.</summary>
    internal CompiledShellGrant? ConstructGrant(string construct, DateTimeOffset now)
    {
        if (ConstructGrants.TryGetValue(construct, out var grants))
        {
            foreach (var grant in grants)
            {
                if (grant.Grant.IsActiveAt(now))
                {
                    return grant;
                }
            }
        }

        return null;
    }

    public static ShellPolicy Compile(IEnumerable<ShellGrant> grants)
    {
        var allow = new Dictionary<string, List<(ShellPattern, CompiledShellGrant)>>(StringComparer.Ordinal);
        var deny = new Dictionary<string, List<(ShellPattern, CompiledShellGrant)>>(StringComparer.Ordinal);
        var constructs = new Dictionary<string, List<CompiledShellGrant>>(StringComparer.Ordinal);

        foreach (var grant in grants)
        {
            var compiled = new CompiledShellGrant(grant, new PathScope(grant.Paths));
            var denyPatterns = grant.Deny.Select(text => ShellPattern.TryParse(text, out var p, out _) ? p : null).ToList();
            if (denyPatterns.Contains(null))
            {
                // Validation rejects such grants; should one get here, it must not allow what it meant to deny.
                continue;
            }

            foreach (var pattern in denyPatterns)
            {
                Add(deny, pattern!, compiled);
            }

            foreach (var text in grant.Allow)
            {
                if (ShellPattern.TryParse(text, out var pattern, out _))
                {
                    Add(allow, pattern, compiled);
                }
            }

            // Unknown names are refused by validation; here they simply permit nothing.
            foreach (var construct in grant.Constructs.Where(ShellConstructs.IsKnown).Distinct(StringComparer.Ordinal))
            {
                if (!constructs.TryGetValue(construct, out var list))
                {
                    constructs[construct] = list = [];
                }

                list.Add(compiled);
            }
        }

        return new ShellPolicy(Freeze(allow), Freeze(deny),
            constructs.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.ToImmutableArray(), StringComparer.Ordinal));
    }

    private static void Add(Dictionary<string, List<(ShellPattern, CompiledShellGrant)>> index, ShellPattern pattern, CompiledShellGrant grant)
    {
        if (!index.TryGetValue(pattern.Program, out var list))
        {
            index[pattern.Program] = list = [];
        }

        list.Add((pattern, grant));
    }

    private static FrozenDictionary<string, ImmutableArray<(ShellPattern, CompiledShellGrant)>> Freeze(
        Dictionary<string, List<(ShellPattern, CompiledShellGrant)>> index) =>
        index.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.ToImmutableArray(), StringComparer.Ordinal);
}

/// <summary>A shell grant with its path scope compiled.</summary>
internal sealed record CompiledShellGrant(ShellGrant Grant, PathScope Paths)
{
    /// <summary><see cref="Rules.ForGrant"/> of the grant, built once with the policy rather than per decision.</summary>
    public string Rule { get; } = Rules.ForGrant(Grant.Id);
}
