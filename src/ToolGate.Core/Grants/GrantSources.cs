namespace ToolGate.Core.Grants;

public static class GrantSources
{
    public const string Api = "api";

    public static string ForFile(string fileName) => "file:" + fileName;

    public static bool IsFile(string source) => source.StartsWith("file:", StringComparison.Ordinal);
}
