using ToolGate.Core.Compute;
using ToolGate.Core.Network;
using ToolGate.Core.Policies;
using ToolGate.Core.Shell;
using ToolGate.Core.Shell.Destinations;

namespace ToolGate.Core.Tests.Support;

/// <summary>
/// The shipped <c>policies/guardrails/shell.yaml</c>, <c>network.yaml</c> and <c>compute.yaml</c>, read from the repository: tests
/// judge with the real data.
/// </summary>
internal static class TestKnowledge
{
    private static readonly Lazy<ShellKnowledge> Loaded = new(Load);
    private static readonly Lazy<NetworkKnowledge> LoadedNetwork = new(LoadNetwork);
    private static readonly Lazy<ComputeKnowledge> LoadedCompute = new(LoadCompute);
    private static readonly Lazy<ShellNetworkGuardrails> LoadedShellNetwork = new(() => new ShellNetworkGuardrails(Network, OperatorSettings.Default));
    private static readonly Lazy<ComputeGuardrails> LoadedComputeGuardrails = new(() => new ComputeGuardrails(Compute, Shell, Network));

    public static ShellKnowledge Shell => Loaded.Value;

    public static NetworkKnowledge Network => LoadedNetwork.Value;

    public static ComputeKnowledge Compute => LoadedCompute.Value;

    /// <summary>The shipped network guardrails for where shell commands connect, with no range opened.</summary>
    public static ShellNetworkGuardrails ShellNetwork => LoadedShellNetwork.Value;

    /// <summary>The compute guardrail as a snapshot builds it from the three shipped files.</summary>
    public static ComputeGuardrails ComputeGuardrails => LoadedComputeGuardrails.Value;

    public static string NetworkYaml => File.ReadAllText(NetworkFile);

    public static string ComputeYaml => File.ReadAllText(ComputeFile);

    private static string ComputeFile => Path.Combine(RepositoryRoot(), "policies", "guardrails", "compute.yaml");

    private static string NetworkFile => Path.Combine(RepositoryRoot(), "policies", "guardrails", "network.yaml");

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ToolGate.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("ToolGate.sln not found above " + AppContext.BaseDirectory);
    }

    private static ShellKnowledge Load()
    {
        var path = Path.Combine(RepositoryRoot(), "policies", "guardrails", "shell.yaml");
        return ShellKnowledge.Parse(File.ReadAllText(path), out var error) ?? throw new InvalidDataException($"{path}: {error}");
    }

    private static ComputeKnowledge LoadCompute() =>
        ComputeKnowledge.Parse(ComputeYaml, out var errors) ?? throw new InvalidDataException($"{ComputeFile}: {string.Join("; ", errors)}");

    private static NetworkKnowledge LoadNetwork() =>
        NetworkKnowledge.Parse(NetworkYaml, out var errors) ?? throw new InvalidDataException($"{NetworkFile}: {string.Join("; ", errors)}");
}
