using CsCheck;
using ToolGate.Core.Network;

namespace ToolGate.Core.Tests.Network;

public class UrlPathReadingsTests
{
    // Plain characters, the ones that change a reading, and the separators and dots that make segments.
    private static readonly Gen<string> Paths = Gen.OneOf(
            "a", "B", "-", "admin", "ADMIN", "x", ".", "..", "/", "/", "/", ";", "%2f", "%2F", "%2561", "%00", "\\", "%c0%af", "ａ", "~", ":", "@")
        .Array[0, 8]
        .Select(parts => "/" + string.Concat(parts));

    private static readonly Gen<string> Prefixes = Gen.OneOf("/-/admin", "/admin", "/a/B", "/x/", "/", "/-/admin;v=1");

    [Fact]
    public void TheShortCutForPlainPaths_DecidesAsEveryReadingWould()
    {
        // The oracle builds every reading; MayBeUnder skips that for plain paths and must still agree.
        Gen.Select(Paths, Prefixes).Sample((path, prefix) =>
        {
            var lenientPrefix = UrlPathReadings.Lenient(prefix, cutAtNul: false);
            var oracle = Under(path, prefix)
                || Under(UrlPathReadings.Lenient(path, cutAtNul: false), lenientPrefix)
                || Under(UrlPathReadings.Lenient(path, cutAtNul: true), lenientPrefix);
            return UrlPathReadings.MayBeUnder(path, prefix, lenientPrefix) == oracle;
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("/-/admin", true)]
    [InlineData("/-/admin/users", true)]
    [InlineData("/-/ADMIN", true)]
    [InlineData("/-/admin%2Fx", true)]
    [InlineData("/-/admin;x", true)]
    [InlineData("/-/administrator", false)]
    [InlineData("/-/v1/search", false)]
    public void ADenyPrefix_IsHitByEveryReadingOfIt(string path, bool hit)
    {
        Assert.Equal(hit, UrlPathReadings.MayBeUnder(path, "/-/admin", UrlPathReadings.Lenient("/-/admin", cutAtNul: false)));
    }

    private static bool Under(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
        && (path.Length == prefix.Length || path[prefix.Length] == '/' || prefix == "/" || prefix.EndsWith('/'));
}
