using Microsoft.Extensions.Options;
using ToolGate.Gateway.Agents;
using ToolGate.Gateway.Hosting;
using ToolGate.Gateway.Storage;

namespace ToolGate.Gateway.Identify;

/// <summary>
/// The admin bearer key's hash. From <c>ToolGate:Admin:ApiKey</c> when set; otherwise generated on first
/// start, printed once to standard output (never to the log sinks), and only its hash kept on disk.
/// </summary>
internal sealed class AdminKey
{
    public const string HashFileName = "admin-key.sha256";
    public const string Prefix = "tgadmin_";

    public AdminKey(IOptions<ToolGateOptions> options, SqliteDatabase database)
    {
        if (options.Value.Admin.ApiKey is { } configured)
        {
            Hash = AgentKeys.Hash(configured);
            return;
        }

        var path = Path.Combine(database.DataDirectory, HashFileName);
        if (File.Exists(path))
        {
            Hash = File.ReadAllText(path).Trim();
            return;
        }

        var key = Prefix + AgentKeys.Generate()[AgentKeys.Prefix.Length..];
        Hash = AgentKeys.Hash(key);
        File.WriteAllText(path, Hash);
        Console.Out.WriteLine($"ToolGate generated an admin API key. It is shown once and stored only as a hash in {path}:");
        Console.Out.WriteLine($"  {key}");
    }

    public string Hash { get; }

    public bool Matches(string presentedKey) =>
        presentedKey.Length <= AgentKeys.MaxLength && AgentKeys.HashEquals(AgentKeys.Hash(presentedKey), Hash);
}
