using System.Text;

namespace ToolGate.Gateway.Egress;

/// <summary>
/// The agent key a proxy client presents: the password of <c>Proxy-Authorization: Basic</c> (what
/// <c>HTTPS_PROXY=http://agent:tg_…@host:3128</c> makes every common client send), or a bearer key.
/// The user name is ignored: identity comes from the key alone.
/// </summary>
internal static class ProxyCredentials
{
    public static string? KeyFrom(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        Span<byte> decoded = stackalloc byte[header.Length];
        if (!Convert.TryFromBase64String(header["Basic ".Length..].Trim(), decoded, out var length))
        {
            return null;
        }

        var credentials = Encoding.UTF8.GetString(decoded[..length]);
        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : credentials[(colon + 1)..];
    }
}
