using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ToolGate.Core.Compute;

/// <summary>
/// A container image reference read strictly by the distribution grammar (<c>[domain/]path[:tag][@sha256:hex]</c>)
/// and put in canonical form the way container runtimes read it: <c>python</c> is
/// <c>docker.io/library/python:latest</c>, the domain is lower case. A digest is what a runtime pulls: with one,
/// the tag is only a label.
/// </summary>
public sealed partial record ImageReference
{
    public const string DefaultDomain = "docker.io";
    public const string DefaultTag = "latest";
    public const int MaxNameLength = 255;

    private ImageReference(string name, string? tag, string? digest)
    {
        Name = name;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>Canonical name with its domain: <c>docker.io/library/python</c>, <c>registry.local:5000/team/train</c>.</summary>
    public string Name { get; }

    /// <summary>The tag; <c>latest</c> when the reference has neither tag nor digest; null when it has only a digest.</summary>
    public string? Tag { get; }

    /// <summary><c>sha256:</c> and 64 lower-case hex digits, or null.</summary>
    public string? Digest { get; }

    public override string ToString() => Name + (Tag is null ? string.Empty : ":" + Tag) + (Digest is null ? string.Empty : "@" + Digest);

    public static bool TryParse(string text, [NotNullWhen(true)] out ImageReference? reference, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        reference = null;
        string? digest = null;
        var rest = text;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!Sha256Digest().IsMatch(digest))
            {
                error = "the digest must be sha256: and 64 lower-case hex digits";
                return false;
            }
        }

        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagText().IsMatch(tag))
            {
                error = $"'{tag}' is not a tag (letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-')";
                return false;
            }
        }

        if (Canonicalize(rest, out error) is not { } name)
        {
            return false;
        }

        reference = new ImageReference(name, tag ?? (digest is null ? DefaultTag : null), digest);
        return true;
    }

    /// <summary>Splits <c>domain/path</c>, checks both and adds the defaults; null with the reason when not a name.</summary>
    private static string? Canonicalize(string name, out string error)
    {
        if (name.Length is 0 or > MaxNameLength)
        {
            error = $"the name must have 1 to {MaxNameLength} characters";
            return null;
        }

        var (domain, path) = SplitDomain(name);
        if (domain is not null && !IsDomain(domain))
        {
            error = $"'{domain}' is not a registry host[:port]";
            return null;
        }

        foreach (var component in path.Split('/'))
        {
            if (!PathComponent().IsMatch(component))
            {
                error = $"'{component}' is not a path component (lower-case letters and digits, joined by '.', '_', '__' or '-')";
                return null;
            }
        }

        error = string.Empty;
        return WithDefaults(domain, path);
    }

    /// <summary>The registry the name starts with (as written), or null for Docker Hub. Shared with grant image patterns.</summary>
    internal static (string? Domain, string Path) SplitDomain(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (null, name);
        }

        var first = name[..slash];
        // The runtimes' rule: a first component with '.', ':' or upper case, or 'localhost', is a registry.
        return first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal)
            || first == "localhost" || first.Any(char.IsAsciiLetterUpper)
            ? (first, name[(slash + 1)..])
            : (null, name);
    }

    internal static string WithDefaults(string? domain, string path)
    {
        var host = domain?.ToLowerInvariant() ?? DefaultDomain;
        if (host is "index.docker.io" or "registry-1.docker.io")
        {
            host = DefaultDomain;
        }

        return host == DefaultDomain && !path.Contains('/', StringComparison.Ordinal)
            ? $"{host}/library/{path}"
            : $"{host}/{path}";
    }

    private static bool IsDomain(string domain)
    {
        var colon = domain.LastIndexOf(':');
        var host = colon < 0 ? domain : domain[..colon];
        var port = colon < 0 ? "0" : domain[(colon + 1)..];
        if (port.Length is 0 or > 5 || !port.All(char.IsAsciiDigit))
        {
            return false;
        }

        return host.Length > 0 && host.Split('.').All(c => DomainComponent().IsMatch(c));
    }

    [GeneratedRegex("^sha256:[a-f0-9]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Digest();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagText();

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex PathComponent();

    [GeneratedRegex("^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$", RegexOptions.CultureInvariant)]
    internal static partial Regex DomainComponent();
}
