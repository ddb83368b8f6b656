using Microsoft.Extensions.Hosting;

namespace P2P.AppHost;

/// <summary>What the Maestro and every peer get alike from the AppHost.</summary>
internal static class ServiceResourceExtensions
{
    /// <summary>
    /// When the AppHost runs in Development (<c>dotnet run</c>, and tests), the service serves its OpenAPI document and
    /// the dashboard links its browsable reference. Only that switch: the service itself keeps its own environment.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithApiReference(this IResourceBuilder<ProjectResource> service, IDistributedApplicationBuilder builder) =>
        service
            .WithEnvironment("OpenApi__Enabled", builder.Environment.IsDevelopment() ? "true" : "false")
            .WithUrlForEndpoint("http", _ => new ResourceUrlAnnotation { Url = "/scalar", DisplayText = "API reference" });

    /// <summary>Passes the network key and the control token to a service's settings section.</summary>
    public static IResourceBuilder<ProjectResource> WithSecrets(
        this IResourceBuilder<ProjectResource> service, string section, IResourceBuilder<ParameterResource> networkKey,
        IResourceBuilder<ParameterResource> controlToken) =>
        service
            .WithEnvironment($"{section}__network_key", networkKey)
            .WithEnvironment($"{section}__control_token", controlToken);
}
