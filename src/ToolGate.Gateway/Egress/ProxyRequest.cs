using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using ToolGate.Core.Actions;
using ToolGate.Core.Network;

namespace ToolGate.Gateway.Egress;

/// <summary>
/// A proxy request classified as a network action: <c>CONNECT host:port</c> (a tunnel), or an absolute-form
/// <c>http://</c> request, forwarded as one request with a body of exactly <c>Content-Length</c> bytes.
/// </summary>
internal sealed record ProxyRequest(ProxyRequestHead Head, NetworkAction Action, NetworkTarget Target, long ContentLength, bool Chunked = false)
{
    public bool IsConnect => Head.IsConnect;

    public static ProxyRequest? Classify(ProxyRequestHead head, out (int Status, string Reason) invalid)
    {
        invalid = default;
        if (head.IsConnect)
        {
            if (head.Target.Contains("://", StringComparison.Ordinal) || head.Target.Contains('/', StringComparison.Ordinal))
            {
                invalid = (StatusCodes.Status400BadRequest, "CONNECT takes an authority, host:port");
                return null;
            }
        }
        else if (!head.Target.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            invalid = (StatusCodes.Status400BadRequest, head.Target.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                ? "HTTPS goes through the proxy as CONNECT host:443, not as an absolute-form request"
                : "an egress proxy request is absolute-form (http://host/path) or CONNECT host:port");
            return null;
        }

        if (!NetworkTarget.TryParse(head.Target, out var target, out var error) || target.IsAuthority != head.IsConnect)
        {
            invalid = (StatusCodes.Status400BadRequest, $"the request target is not a network destination: {(error.Length > 0 ? error : head.Target)}");
            return null;
        }

        if (head.IsConnect)
        {
            return new ProxyRequest(head, new NetworkAction(head.Target), target, 0);
        }

        var transferEncoding = head.Header("Transfer-Encoding", out var repeatedEncoding);
        var chunked = transferEncoding is not null;
        if (chunked && (repeatedEncoding || !transferEncoding!.Trim().Equals("chunked", StringComparison.OrdinalIgnoreCase)
            || head.Header("Content-Length", out _) is not null))
        {
            // Anything but a lone "chunked" (other codings, lists, with Content-Length) is how requests get smuggled.
            invalid = (StatusCodes.Status400BadRequest, "Transfer-Encoding must be exactly 'chunked', once, and without Content-Length");
            return null;
        }

        if (head.Header("Upgrade", out _) is not null)
        {
            invalid = (StatusCodes.Status400BadRequest, "protocol upgrades are not forwarded by the egress proxy");
            return null;
        }

        var lengthText = head.Header("Content-Length", out var repeated);
        long length = 0;
        if (repeated || (lengthText is not null
            && (lengthText.Length is 0 or > 18 || !lengthText.All(char.IsAsciiDigit) || !long.TryParse(lengthText, CultureInfo.InvariantCulture, out length))))
        {
            invalid = (StatusCodes.Status400BadRequest, "Content-Length must be given once, as a decimal number");
            return null;
        }

        return new ProxyRequest(head, new NetworkAction(head.Target), target, length, chunked);
    }

    /// <summary>
    /// The request as the destination receives it: origin-form target and Host header from the checked URL (a
    /// different Host header cannot front another site), hop-by-hop and proxy headers removed, one request per
    /// connection.
    /// </summary>
    public byte[] UpstreamHead(IReadOnlySet<string> hopByHop)
    {
        var named = (Head.Header("Connection", out _) ?? string.Empty)
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var defaultPort = NetworkTarget.DefaultPort(Target.Scheme!) == Target.Port;
        var head = new StringBuilder()
            .Append(Head.Method).Append(' ').Append(Target.Path)
            .Append(Target.Query is null ? string.Empty : "?" + Target.Query)
            .Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(Target.Host).Append(defaultPort ? string.Empty : ":" + Target.Port.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        foreach (var (name, value) in Head.Headers)
        {
            if (!hopByHop.Contains(name) && !named.Contains(name))
            {
                head.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }

        if (Chunked)
        {
            // The body goes on exactly as the client framed it; the gateway forwards that one body and no further byte.
            head.Append("Transfer-Encoding: chunked\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        return Encoding.ASCII.GetBytes(head.ToString());
    }
}
