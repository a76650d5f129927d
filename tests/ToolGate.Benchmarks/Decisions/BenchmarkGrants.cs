using System.Collections.Immutable;
using ToolGate.Core.Grants;
using ToolGate.Core.Policies;

namespace ToolGate.Benchmarks.Decisions;

/// <summary>
/// Policy snapshots for the decision benchmarks. Every agent's grants are distinct (other programs, other
/// hosts), scoped to <c>/workspace/**</c>, and include the ones the benchmarked actions hit; other agents'
/// grants sit in the same snapshot, as they would in a real gateway.
/// </summary>
internal static class BenchmarkGrants
{
    public const string AgentId = "bench-agent";
    public const string Workspace = "/workspace/**";

    /// <summary>The agent's shell grant: <c>git diff/status/log</c>, pushes denied.</summary>
    public static ShellGrant Git(string agentId) => new()
    {
        Id = $"{agentId}-git",
        AgentId = agentId,
        Source = GrantSources.Api,
        Allow = ["git diff *", "git status", "git log *"],
        Deny = ["git push --force *", "git push -f *"],
        Paths = [Workspace],
    };

    /// <summary>The agent's network grant for the GitHub API.</summary>
    public static NetworkGrant GitHub(string agentId) => new()
    {
        Id = $"{agentId}-github",
        AgentId = agentId,
        Source = GrantSources.Api,
        Allow = ["https://api.github.com/repos"],
        Deny = ["https://api.github.com/repos/x/admin"],
    };

    /// <summary>The agent's compute grant: the one <c>scripts/load.sh</c> gives its agent.</summary>
    public static ComputeGrant Training(string agentId) => new()
    {
        Id = $"{agentId}-train",
        AgentId = agentId,
        Source = GrantSources.Api,
        MaxGpus = 8,
        MaxDurationSeconds = 3600,
        Images = ["registry.local/train:*"],
        Commands = ["python train.py"],
    };

    /// <summary>
    /// <paramref name="count"/> grants for <paramref name="agentId"/>: git, GitHub and training, then fillers. Every
    /// tenth filler is a network grant (an exact host and a wildcard domain, one deny), the rest shell grants
    /// for a program of their own (an allow, a deny). With <paramref name="oneProgram"/> every shell filler
    /// is for <c>git</c> (distinct subcommands): the worst case for the by-program index.
    /// </summary>
    public static IEnumerable<Grant> ForAgent(string agentId, int count, bool oneProgram = false)
    {
        yield return Git(agentId);
        yield return GitHub(agentId);
        yield return Training(agentId);
        for (var i = 3; i < count; i++)
        {
            var id = $"{agentId}-{i:D4}";
            if (i % 10 == 0)
            {
                yield return new NetworkGrant
                {
                    Id = id,
                    AgentId = agentId,
                    Source = GrantSources.Api,
                    Allow = [$"https://api{i}.example.com/v1", $"*.svc{i}.example.net:443"],
                    Deny = [$"https://api{i}.example.com/v1/admin"],
                };
                continue;
            }

            var program = oneProgram ? $"git sub{i:D4}" : $"tool{i:D4}";
            yield return new ShellGrant
            {
                Id = id,
                AgentId = agentId,
                Source = GrantSources.Api,
                Allow = [$"{program} run *"],
                Deny = [$"{program} run --unsafe *"],
                Paths = [Workspace],
            };
        }
    }

    /// <summary>A snapshot in which the benchmark agent has <paramref name="grantsForAgent"/> grants and 9 other agents have 10 each.</summary>
    public static PolicySnapshot Snapshot(int grantsForAgent, bool oneProgram = false)
    {
        var others = Enumerable.Range(1, 9).SelectMany(n => ForAgent($"other-agent-{n}", 10));
        var grants = ForAgent(AgentId, grantsForAgent, oneProgram).Concat(others).ToImmutableArray();
        var count = grants.Count(g => g.AgentId == AgentId);
        if (count != grantsForAgent)
        {
            throw new InvalidOperationException($"Expected {grantsForAgent} grants for {AgentId}, built {count}.");
        }

        return PolicySnapshot.Create(grants, OperatorSettings.Default, BenchmarkKnowledge.Shell, BenchmarkKnowledge.Network, BenchmarkKnowledge.Compute);
    }
}
