using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using ToolGate.Core.Text;

namespace ToolGate.Core.Compute;

/// <summary>
/// One entry of a compute grant's <c>images</c>: a name glob (canonicalized like <see cref="ImageReference"/>:
/// <c>python</c> is <c>docker.io/library/python</c>) and then either a tag glob (<c>:*</c>, <c>:v1.*</c>; none = any
/// tag) or a pinned digest (<c>@sha256:…</c>). A pinned entry admits only that digest. An entry without a digest
/// admits only references by tag: a reference with a digest names content no tag vouches for, whatever its tag says.
/// </summary>
public sealed partial class ImagePattern
{
    private ImagePattern(string text, GlobPattern name, GlobPattern? tag, string? digest)
    {
        Text = text;
        Name = name;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The entry as written in the grant.</summary>
    public string Text { get; }

    public GlobPattern Name { get; }

    public GlobPattern? Tag { get; }

    public string? Digest { get; }

    public static bool TryParse(string text, [NotNullWhen(true)] out ImagePattern? pattern, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        pattern = null;
        if (text.Length is 0 or > ImageReference.MaxNameLength + 200 || !GlobText().IsMatch(text))
        {
            error = "an image pattern is a name glob with an optional ':tag-glob' or '@sha256:<64 hex>' (letters, digits, . _ - / : @ * ?)";
            return false;
        }

        var rest = text;
        string? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!PinnedDigest().IsMatch(digest))
            {
                error = $"'@{digest}' must be '@sha256:' and 64 lower-case hex digits (a digest is pinned exactly, never a glob)";
                return false;
            }
        }

        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (digest is not null)
            {
                error = "pin by digest alone ('name@sha256:…'): with a digest the tag says nothing about what runs";
                return false;
            }

            if (tag.Length == 0 || tag.Contains('/', StringComparison.Ordinal))
            {
                error = $"'{tag}' is not a tag glob";
                return false;
            }
        }

        if (rest.Length == 0 || rest.StartsWith('/') || rest.EndsWith('/') || rest.Contains("//", StringComparison.Ordinal))
        {
            error = "the name part must be a non-empty path glob such as registry.local/team/*";
            return false;
        }

        pattern = new ImagePattern(text, GlobPattern.Create(CanonicalName(rest)), tag is null ? null : GlobPattern.Create(tag), digest);
        error = string.Empty;
        return true;
    }

    public bool Matches(ImageReference image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!Name.IsMatch(image.Name))
        {
            return false;
        }

        if (Digest is not null)
        {
            return string.Equals(image.Digest, Digest, StringComparison.Ordinal);
        }

        return image.Digest is null && (Tag is null || Tag.IsMatch(image.Tag ?? ImageReference.DefaultTag));
    }

    /// <summary>Whether the names match but this entry cannot vouch for the reference's digest (for a clear reason).</summary>
    internal bool NameMatchesButNotDigest(ImageReference image) =>
        image.Digest is not null && Name.IsMatch(image.Name) && !string.Equals(image.Digest, Digest, StringComparison.Ordinal);

    public override string ToString() => Text;

    // '**' alone is every image; a first component with a wildcard is taken to cover the registry.
    private static string CanonicalName(string name)
    {
        var lower = name.ToLowerInvariant();
        if (lower == "**")
        {
            return lower;
        }

        var slash = lower.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && lower.AsSpan(0, slash).IndexOfAny('*', '?') >= 0)
        {
            return lower;
        }

        var (domain, path) = ImageReference.SplitDomain(lower);
        return ImageReference.WithDefaults(domain, path);
    }

    [GeneratedRegex(@"^[A-Za-z0-9._/:@*?-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex GlobText();

    [GeneratedRegex("^sha256:[a-f0-9]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex PinnedDigest();
}
