using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ToolGate.Gateway.Agents;

namespace ToolGate.Gateway.Identify;

/// <summary>Agents are who their key says, and nothing else: no header they send names them.</summary>
internal sealed class AgentKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AgentDirectory agents)
    : BearerKeyHandler(options, logger, encoder)
{
    protected override string Audience => "agent";

    protected override ClaimsPrincipal? Identify(string key) =>
        agents.FindByKey(key) is { } agent
            ? new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, agent.Id)], ToolGateAuthentication.AgentScheme))
            : null;
}
