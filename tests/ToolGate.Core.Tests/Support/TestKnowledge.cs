using ToolGate.Core.Network;
using ToolGate.Core.Shell;

namespace ToolGate.Core.Tests.Support;

/// <summary>
/// The shipped <c>policies/guardrails/shell.yaml</c> and <c>network.yaml</c>, read from the repository: tests
/// judge with the real data.
/// </summary>
internal static class TestKnowledge
{
    private static readonly Lazy<ShellKnowledge> Loaded = new(Load);
    private static readonly Lazy<NetworkKnowledge> LoadedNetwork = new(LoadNetwork);

    public static ShellKnowledge Shell => Loaded.Value;

    public static NetworkKnowledge Network => LoadedNetwork.Value;

    public static string NetworkYaml => File.ReadAllText(NetworkFile);

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

    private static NetworkKnowledge LoadNetwork() =>
        NetworkKnowledge.Parse(NetworkYaml, out var errors) ?? throw new InvalidDataException($"{NetworkFile}: {string.Join("; ", errors)}");
}
