using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using ToolGate.Gateway.Agents;

namespace ToolGate.Gateway.Identify;

/// <summary>
/// Who is calling, from the agent's own bearer key and nothing else. A plain lookup (one hash, one dictionary
/// probe) rather than the ASP.NET authentication stack: it runs on every tool call.
/// </summary>
internal sealed class AgentIdentifier(AgentDirectory agents)
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>The agent, or null with why not.</summary>
    public Agent? Identify(HttpRequest request, out string failure)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        if (header.Length == 0)
        {
            failure = "an agent bearer key is required";
            return null;
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            failure = "the Authorization header is not a bearer key";
            return null;
        }

        var agent = agents.FindByKey(header[BearerPrefix.Length..].Trim());
        failure = agent is null ? "unknown or revoked key" : string.Empty;
        return agent;
    }
}
