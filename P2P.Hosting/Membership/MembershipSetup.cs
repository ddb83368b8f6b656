using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using P2P.Contracts.Security;

namespace P2P.Hosting.Membership;

/// <summary>A node's identity (kept in its state folder), its credentials, the membership state and its TLS port.</summary>
public static class MembershipSetup
{
    public static WebApplicationBuilder AddMembership<TOptions>(this WebApplicationBuilder builder)
        where TOptions : class, IServiceOptions
    {
        builder.Services.AddSingleton(services =>
            NodeIdentity.LoadOrCreate(services.GetRequiredService<IOptions<TOptions>>().Value.StateDirectory, services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(services =>
            new NodeCredentials(services.GetRequiredService<NodeIdentity>(), services.GetRequiredService<IOptions<TOptions>>().Value.NetworkKey));
        builder.Services.AddSingleton<MembershipState>();
        builder.Services.AddSingleton<MembershipInterceptor>();
        builder.AddTlsEndpoint(TOptions.TlsEndpoint);
        return builder;
    }
}
