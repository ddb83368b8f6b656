using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using P2P.Contracts.Security;

namespace P2P.Hosting.Security;

/// <summary>
/// The network key as a service's REST credential: the Maestro's directory changes and a peer's control routes require
/// it, reads stay open. Call <c>UseAuthentication</c> and <c>UseAuthorization</c> after <c>UseRestLimits</c>.
/// </summary>
public static class NetworkKeyAuthentication
{
    public const string SchemeName = "NetworkKey";

    public static readonly string MissingKeyDetail = $"This request needs this network's key in the {NetworkKey.HeaderName} header.";

    public static readonly string WrongKeyDetail = $"The {NetworkKey.HeaderName} header does not hold this network's key.";

    /// <summary>Authenticates every request by its key header, with the key from <typeparamref name="TOptions"/>.</summary>
    public static IServiceCollection AddNetworkKeyAuthentication<TOptions>(this IServiceCollection services)
        where TOptions : class, INetworkKeyOptions
    {
        services.AddAuthentication(SchemeName)
            .AddScheme<AuthenticationSchemeOptions, NetworkKeyAuthenticationHandler<TOptions>>(SchemeName, configureOptions: null);
        return services.AddAuthorization();
    }

    /// <summary>Refuses the routes without the network key with 401 problem details, before their handlers (or body binding) run.</summary>
    public static TBuilder RequireNetworkKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized);
}
