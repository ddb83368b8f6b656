using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using P2P.Contracts.Security;

namespace P2P.Maestro.Security;

/// <summary>
/// Authenticates a request by the network key in its <c>X-P2P-Network-Key</c> header, so the endpoints that change
/// the directory can require it before their body is even read. Challenges answer 401 problem details that never
/// repeat what was presented.
/// </summary>
public sealed class NetworkKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> schemes, ILoggerFactory loggerFactory, UrlEncoder encoder, IOptions<MaestroOptions> maestro, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemes, loggerFactory, encoder)
{
    public const string SchemeName = "NetworkKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(NetworkKey.HeaderName, out var presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (!NetworkKey.Matches(maestro.Value.NetworkKey, presented.ToString()))
        {
            return Task.FromResult(AuthenticateResult.Fail("The network key is wrong."));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "network member")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var presented = Request.Headers.ContainsKey(NetworkKey.HeaderName);
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{NetworkKey.HeaderName}\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Network key required.",
                Detail = presented
                    ? $"The {NetworkKey.HeaderName} header does not hold this network's key."
                    : $"Changing the directory needs this network's key in the {NetworkKey.HeaderName} header.",
            },
        });
    }
}
