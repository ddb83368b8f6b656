using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using P2P.Contracts;
using P2P.Hosting.Configuration;
using P2P.Hosting.Limits;
using P2P.Hosting.Membership;
using P2P.Hosting.OpenApi;
using P2P.Hosting.Problems;
using P2P.Hosting.Security;
using P2P.Hosting.Tracing;

namespace P2P.Hosting;

/// <summary>
/// The host set-up every service of the network shares: its settings from a seed <c>config.json</c> and configuration,
/// validated at start; the service defaults; snake_case JSON and problem details; the REST limits; the node's identity,
/// its TLS port and the membership proof; the control token as the local REST credential; client spans named by route;
/// and the OpenAPI document.
/// </summary>
public static class P2PService
{
    /// <summary>A builder whose settings ship beside the binary, with the <c>config.json</c> that <c>--config PATH</c> names.</summary>
    public static WebApplicationBuilder CreateBuilder<TOptions>(string[] args)
        where TOptions : IServiceOptions
    {
        // The working directory is the caller's, where a relative --config path points.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddSeedConfigFile(args, TOptions.Section, TOptions.PortKeysByEndpoint, TOptions.TlsEndpoint);
        return builder;
    }

    public static WebApplicationBuilder AddP2PService<TOptions>(this WebApplicationBuilder builder, ApiDocument api)
        where TOptions : class, IServiceOptions
    {
        builder.AddServiceDefaults();

        builder.Services.AddOptions<TOptions>()
            .BindConfiguration(TOptions.Section)
            .WithNetworkKeyFallback()
            .WithControlTokenFile()
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new ProcessUptime(TimeProvider.System));
        builder.Services.AddTracedProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => SnakeCaseJson.Apply(o.SerializerOptions));
        builder.Services.AddRestLimits<TOptions>();
        builder.Services.AddControlTokenAuthentication<TOptions>();
        builder.AddMembership<TOptions>();
        builder.Services.AddP2POpenApi(api);
        builder.Services.AddRouteNamedClientSpans();
        return builder;
    }

    /// <summary>
    /// The shared pipeline: problem details for errors, the plain port's host and cross-site checks, membership, the REST
    /// limits (after the gate, so a refused body is never read), then the control token; the health, membership and
    /// OpenAPI endpoints.
    /// </summary>
    public static WebApplication UseP2PService<TOptions>(this WebApplication app)
        where TOptions : class, IServiceOptions
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UsePlainPortGuard<TOptions>();
        app.UseMembershipGate();
        app.UseRestLimits<TOptions>();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapDefaultEndpoints();
        app.MapMembershipApi();
        app.MapP2POpenApi();
        return app;
    }
}
