using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ToolGate.Gateway.Problems;

namespace ToolGate.Gateway.Identify;

/// <summary>
/// The admin scheme: <c>Authorization: Bearer &lt;admin key&gt;</c>, failures answered with RFC 7807 problem
/// details. (Agents are identified by the tool-call pipeline's own step, not by this stack.)
/// </summary>
internal sealed class AdminKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AdminKey adminKey)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string Audience = "admin";

    private ClaimsPrincipal? Identify(string key) =>
        adminKey.Matches(key)
            ? new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "admin")], ToolGateAuthentication.AdminScheme))
            : null;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("the Authorization header is not a bearer key"));
        }

        var principal = Identify(header["Bearer ".Length..].Trim());
        return Task.FromResult(principal is null
            ? AuthenticateResult.Fail("unknown or revoked key")
            : AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Bearer";
        var reason = result.Failure?.Message ?? $"an {Audience} bearer key is required";
        await ProblemResponses.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized", reason, rule: "identify", decisionId: null);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ProblemResponses.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", $"this key is not a {Audience} key", rule: "identify", decisionId: null);
}
