using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ToolGate.Gateway.Identify;

internal sealed class AdminKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AdminKey adminKey)
    : BearerKeyHandler(options, logger, encoder)
{
    protected override string Audience => "admin";

    protected override ClaimsPrincipal? Identify(string key) =>
        adminKey.Matches(key)
            ? new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "admin")], ToolGateAuthentication.AdminScheme))
            : null;
}
