using System.Collections.Frozen;
using ToolGate.Core;

namespace ToolGate.Gateway.Classify;

/// <summary>
/// Where in a JSON body a tool route carries its action: the kind, and the name of each field. Read from
/// YARP route metadata (<c>ToolGate.Kind</c>, <c>ToolGate.CommandField</c>, …) with these defaults.
/// </summary>
public sealed record ActionFields(Capability Kind)
{
    public const string KindKey = "ToolGate.Kind";
    public const string CommandKey = "ToolGate.CommandField";
    public const string CwdKey = "ToolGate.CwdField";
    public const string TargetKey = "ToolGate.TargetField";
    public const string ImageKey = "ToolGate.ImageField";
    public const string GpusKey = "ToolGate.GpusField";
    public const string DurationKey = "ToolGate.DurationField";
    public const string AddressKey = "ToolGate.AddressField";
    public const string EnvKey = "ToolGate.EnvField";

    private static readonly FrozenSet<string> KnownKeys =
        FrozenSet.Create(StringComparer.Ordinal, KindKey, CommandKey, CwdKey, TargetKey, ImageKey, GpusKey, DurationKey, AddressKey, EnvKey);

    public string Command { get; init; } = "command";

    public string Cwd { get; init; } = "cwd";

    public string Target { get; init; } = "url";

    public string Image { get; init; } = "image";

    public string Gpus { get; init; } = "gpus";

    public string Duration { get; init; } = "durationSeconds";

    /// <summary>compute: the job's environment variables, an object of strings.</summary>
    public string Env { get; init; } = "env";

    /// <summary>network: where the gateway tells the tool to connect, the address it checked (DNS pinning).</summary>
    public string Address { get; init; } = "address";

    /// <summary>Reads route metadata. Null with an error when the route does not say what it carries.</summary>
    public static ActionFields? FromMetadata(IReadOnlyDictionary<string, string>? metadata, out string error)
    {
        if (metadata is null || !metadata.TryGetValue(KindKey, out var kindName))
        {
            error = $"route metadata has no '{KindKey}'";
            return null;
        }

        if (!CapabilityNames.TryParse(kindName, out var kind) || kind == Capability.Mcp)
        {
            error = $"'{KindKey}' must be shell, network or compute, not '{kindName}'";
            return null;
        }

        var unknown = metadata.Keys.FirstOrDefault(k => k.StartsWith("ToolGate.", StringComparison.Ordinal) && !KnownKeys.Contains(k));
        if (unknown is not null)
        {
            error = $"unknown route metadata key '{unknown}'";
            return null;
        }

        var fields = new ActionFields(kind);
        fields = fields with
        {
            Command = metadata.GetValueOrDefault(CommandKey) ?? fields.Command,
            Cwd = metadata.GetValueOrDefault(CwdKey) ?? fields.Cwd,
            Target = metadata.GetValueOrDefault(TargetKey) ?? fields.Target,
            Image = metadata.GetValueOrDefault(ImageKey) ?? fields.Image,
            Gpus = metadata.GetValueOrDefault(GpusKey) ?? fields.Gpus,
            Duration = metadata.GetValueOrDefault(DurationKey) ?? fields.Duration,
            Address = metadata.GetValueOrDefault(AddressKey) ?? fields.Address,
            Env = metadata.GetValueOrDefault(EnvKey) ?? fields.Env,
        };
        error = string.Empty;
        return fields;
    }
}
