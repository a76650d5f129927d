using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ToolGate.Core.Text;

/// <summary>
/// Reads ToolGate's YAML files (guardrail data, policy files): camelCase keys, and on failure one message with the
/// line and column and the innermost cause (YamlDotNet wraps conversion errors, e.g. a date that is not a date).
/// </summary>
public static class YamlText
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    /// <summary>False with <paramref name="error"/> when the text is not valid YAML for <typeparamref name="T"/>; an empty document is null.</summary>
    public static bool TryDeserialize<T>(string yaml, out T? value, out string error)
        where T : class
    {
        try
        {
            value = Deserializer.Deserialize<T>(yaml);
            error = string.Empty;
            return true;
        }
        catch (YamlException e)
        {
            var cause = (Exception)e;
            while (cause.InnerException is not null)
            {
                cause = cause.InnerException;
            }

            value = null;
            error = $"line {e.Start.Line}, column {e.Start.Column}: {cause.Message}";
            return false;
        }
    }
}
