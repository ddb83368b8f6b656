using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace P2P.Hosting.Security;

/// <summary>
/// The control token as a node's local REST credential (<c>Authorization: Bearer TOKEN</c>): the routes that make a
/// node act (downloads, a rescan) require it, reads stay open. The network key is never asked for here: it crosses no
/// wire. Call <c>UseAuthentication</c> and <c>UseAuthorization</c> after <c>UseRestLimits</c>.
/// </summary>
public static class ControlTokenAuthentication
{
    public const string SchemeName = "Bearer";

    /// <summary>Where a node reads its token from when <c>control_token</c> is unset, before its state folder's file.</summary>
    public const string EnvironmentVariable = "P2P_CONTROL_TOKEN";

    public const string MissingTokenDetail = "This request needs this node's control token: Authorization: Bearer TOKEN "
        + "(control_token, or the file control-token in its state folder).";

    public const string WrongTokenDetail = "The Authorization header does not hold this node's control token.";

    public static IServiceCollection AddControlTokenAuthentication<TOptions>(this IServiceCollection services)
        where TOptions : class, IControlTokenOptions
    {
        services.AddAuthentication(SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ControlTokenAuthenticationHandler<TOptions>>(SchemeName, configureOptions: null);
        return services.AddAuthorization();
    }

    /// <summary>Refuses the routes without the control token with 401 problem details, before their handlers (or body binding) run.</summary>
    public static TBuilder RequireControlToken<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized);
}
