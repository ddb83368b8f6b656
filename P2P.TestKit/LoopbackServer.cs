using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using P2P.Contracts;
using P2P.Contracts.Security;
using P2P.Hosting.Membership;

namespace P2P.Tests;

/// <summary>
/// A web app on a free loopback port in the test process: the host of every test double of a peer or a Maestro. Given
/// a member's credentials, it serves TLS with that certificate and answers the membership exchange, as a node's TLS port.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    /// <summary>Builds the app with <paramref name="services"/>, lets <paramref name="map"/> add its endpoints, and starts it.</summary>
    public static async Task<LoopbackServer> StartAsync(
        HttpProtocols protocols, Action<IServiceCollection> services, Action<WebApplication> map, CancellationToken cancellationToken,
        NodeCredentials? member = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The test's output folder holds the Maestro's appsettings.json, whose Kestrel endpoint (port 9000) must not be bound here.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = protocols;
            if (member is not null)
            {
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = member.Identity.Certificate,
                    ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                    ClientCertificateValidation = static (_, _, _) => true,
                });
            }
        }));
        if (member is not null)
        {
            builder.Services.AddSingleton(member).AddSingleton(TimeProvider.System).AddSingleton<MembershipState>();
            builder.Services.ConfigureHttpJsonOptions(o => SnakeCaseJson.Apply(o.SerializerOptions));
        }
        services(builder.Services);
        var app = builder.Build();
        if (member is not null)
        {
            app.MapMembershipApi();
        }
        map(app);
        await app.StartAsync(cancellationToken);
        return new LoopbackServer(app, app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
