using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace P2P.AppHost;

/// <summary>How the AppHost wires a peer: its ports, its shared folder, the Maestro and its friends.</summary>
internal static class PeerResourceExtensions
{
    /// <summary>
    /// Adds one instance of the peer project. Its shared folder is <c>Peers:{name}:shared_dir</c> from the AppHost's
    /// configuration (tests point it at a temporary folder), else the repository's <c>peers/{name}/shared</c>.
    /// Settings under <c>Peer</c> in the AppHost's configuration reach every peer, and so do the network key and the
    /// control token. The <c>grpc</c> endpoint is the peer's TLS port (the orchestrator's TCP proxy passes TLS through).
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddPeer(
        this IDistributedApplicationBuilder builder, string name, string id, int restPort, int grpcPort,
        IResourceBuilder<ProjectResource> maestro, IResourceBuilder<ParameterResource> networkKey, IResourceBuilder<ParameterResource> controlToken)
    {
        var sharedDir = builder.Configuration[$"Peers:{name}:shared_dir"]
            ?? Path.Combine(builder.AppHostDirectory, "..", "peers", name, "shared");

        var peer = builder.AddProject<Projects.P2P_Peer>(name)
            .WithEndpoint("http", e => e.Port = restPort)
            .WithEndpoint("grpc", e => e.Port = grpcPort)
            .WithSettings(builder.Configuration.GetSection("Peer"), "Peer")
            .WithEnvironment("Peer__id", id)
            .WithSecrets("Peer", networkKey, controlToken)
            .WithEnvironment("Peer__shared_dir", Path.GetFullPath(sharedDir))
            .WithReference(maestro)
            .WithEnvironment("Peer__maestro_url", TlsUrl(maestro.GetEndpoint("tls"), EndpointProperty.Port))
            .WaitFor(maestro)
            .WithHttpHealthCheck("/health", endpointName: "http")
            .WithApiReference(builder)
            .WithPeerCommands()
            .WithWebUiLink();

        // Other nodes reach the REST API at the orchestrator's address. File bytes go to the process's own gRPC port:
        // the orchestrator's proxy would copy every byte once more on the same CPUs (bench/results.md). The proxied
        // port stays the one people and tools use.
        var grpc = peer.GetEndpoint("grpc");
        return peer
            .WithEnvironment("Peer__rest_url", peer.GetEndpoint("http"))
            .WithEnvironment("Peer__grpc_url", TlsUrl(grpc, EndpointProperty.TargetPort));
    }

    /// <summary>
    /// The dashboard's <b>Web UI</b> link: the peer's <c>/ui/login/{secret}</c> with a single-use secret made for this
    /// run, which signs the first click in (as Jupyter's token link does); later clicks land on the sign-in page.
    /// </summary>
    private static IResourceBuilder<ProjectResource> WithWebUiLink(this IResourceBuilder<ProjectResource> peer)
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return peer
            .WithEnvironment("Peer__ui_login_token", secret)
            .WithUrlForEndpoint("http", _ => new ResourceUrlAnnotation { Url = "/ui/login/" + secret, DisplayText = "Web UI" });
    }

    /// <summary>Gives a peer its friends' TLS ports as endpoint references, never as literal URLs.</summary>
    public static IResourceBuilder<ProjectResource> WithFriends(
        this IResourceBuilder<ProjectResource> peer, IResourceBuilder<ProjectResource> primary, IResourceBuilder<ProjectResource> backup)
    {
        return peer
            .WithReference(primary)
            .WithReference(backup)
            .WithEnvironment("Peer__friend_peer_primary", TlsUrl(primary.GetEndpoint("grpc"), EndpointProperty.Port))
            .WithEnvironment("Peer__friend_peer_backup", TlsUrl(backup.GetEndpoint("grpc"), EndpointProperty.Port));
    }

    /// <summary>
    /// The https URL of a TLS port. Aspire's model keeps the endpoint http, so it never looks for a developer certificate:
    /// the service brings its own.
    /// </summary>
    private static ReferenceExpression TlsUrl(EndpointReference endpoint, EndpointProperty port) =>
        ReferenceExpression.Create($"https://{endpoint.Property(EndpointProperty.Host)}:{endpoint.Property(port)}");

    /// <summary>Passes every key of an AppHost configuration section to a service as <c>{prefix}__key</c>.</summary>
    public static IResourceBuilder<ProjectResource> WithSettings(
        this IResourceBuilder<ProjectResource> resource, IConfigurationSection section, string prefix)
    {
        foreach (var (key, value) in section.AsEnumerable(makePathsRelative: true))
        {
            if (value is not null)
            {
                resource.WithEnvironment($"{prefix}__{key.Replace(":", "__", StringComparison.Ordinal)}", value);
            }
        }
        return resource;
    }
}
