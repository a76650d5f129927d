using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using ToolGate.Gateway.Problems;

namespace ToolGate.Gateway.Egress;

/// <summary>
/// The egress proxy's own answers, written straight to the connection (it has no ASP.NET response): the same
/// RFC 7807 problem details as the other listeners, and the connection closes after them.
/// </summary>
internal static class ProxyResponses
{
    public static readonly byte[] ConnectionEstablished = "HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray();

    public static async Task WriteProblemAsync(
        PipeWriter output, int status, string title, string reason, string rule, string? decisionId, params (string Name, string Value)[] headers)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(ProblemResponses.Create(status, title, reason, rule, decisionId), JsonSerializerOptions.Web);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {ReasonPhrases.GetReasonPhrase(status)}\r\n")
            .Append("Content-Type: application/problem+json\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n")
            .Append("Connection: close\r\n");
        if (decisionId is not null)
        {
            head.Append("X-ToolGate-Decision-Id: ").Append(decisionId).Append("\r\n");
        }

        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("\r\n");
        await output.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await output.WriteAsync(body);
    }
}
