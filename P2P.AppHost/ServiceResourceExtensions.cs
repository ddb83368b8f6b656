namespace P2P.AppHost;

/// <summary>What the Maestro and every peer get alike from the AppHost.</summary>
internal static class ServiceResourceExtensions
{
    /// <summary>
    /// Runs the service in the AppHost's own environment (Development under <c>dotnet run</c>), where it serves its
    /// OpenAPI document, and links the document's browsable reference from the dashboard.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithApiReference(this IResourceBuilder<ProjectResource> service, IDistributedApplicationBuilder builder) =>
        service
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
            .WithUrlForEndpoint("http", _ => new ResourceUrlAnnotation { Url = "/scalar", DisplayText = "API reference" });
}
