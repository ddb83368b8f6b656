using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using P2P.Hosting.Security;

namespace P2P.Hosting.OpenApi;

/// <summary>
/// Publishes which routes need the control token: each operation whose endpoint requires authorization carries the
/// <c>Bearer</c> security requirement, read from the endpoint's metadata so the document cannot forget a route.
/// </summary>
public static class ControlTokenSecurity
{
    public static Task MarkAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any() || context.Document is not { } document)
        {
            return Task.CompletedTask;
        }
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        if (!document.Components.SecuritySchemes.ContainsKey(ControlTokenAuthentication.SchemeName))
        {
            document.AddComponent<IOpenApiSecurityScheme>(ControlTokenAuthentication.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = ControlTokenAuthentication.MissingTokenDetail,
            });
        }
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ControlTokenAuthentication.SchemeName, document)] = [] });
        return Task.CompletedTask;
    }
}
