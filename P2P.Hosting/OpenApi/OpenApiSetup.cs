using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;
using P2P.Contracts;
using P2P.Hosting.Problems;
using P2P.Hosting.Security;
using Scalar.AspNetCore;

namespace P2P.Hosting.OpenApi;

/// <summary>
/// The published shape of a service's REST API: the built-in OpenAPI document with the service's title, an example for
/// every contract record and for every problem answer, the control token's security requirement on the routes that need
/// it, served with a browsable reference in development.
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/scalar";

    /// <summary>Serves the documents outside Development too; the AppHost sets it when it runs in Development itself.</summary>
    public const string EnabledKey = "OpenApi:Enabled";

    public static IServiceCollection AddP2POpenApi(this IServiceCollection services, ApiDocument api)
    {
        var byType = api.Examples.ToDictionary(e => e.GetType(), e => e);
        return services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = api.Title;
                document.Info.Description = api.Description;
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (context.JsonPropertyInfo is null && byType.TryGetValue(context.JsonTypeInfo.Type, out var example))
                {
                    schema.Examples = [JsonSerializer.SerializeToNode(example, SnakeCaseJson.Options)!];
                }
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, _, _) =>
            {
                foreach (var (status, response) in operation.Responses ?? [])
                {
                    if (response.Content?.TryGetValue("application/problem+json", out var problem) == true && int.TryParse(status, out var code))
                    {
                        problem.Example = ProblemExample(code);
                    }
                }
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(ControlTokenSecurity.MarkAsync);
        });
    }

    /// <summary>Serves the document and its reference page in development only: production publishes nothing it does not need to.</summary>
    public static WebApplication MapP2POpenApi(this WebApplication app)
    {
        if (app.Environment.IsDevelopment() || app.Configuration.GetValue<bool>(EnabledKey))
        {
            app.MapOpenApi(DocumentPath);
            app.MapScalarApiReference(ReferencePath, options => options.WithOpenApiRoutePattern(DocumentPath));
        }
        return app;
    }

    private static JsonNode ProblemExample(int status) => new JsonObject
    {
        ["type"] = "https://tools.ietf.org/html/rfc9110",
        ["title"] = ReasonPhrases.GetReasonPhrase(status),
        ["status"] = status,
        ["detail"] = status switch
        {
            StatusCodes.Status400BadRequest => "A file name cannot contain a path separator ('/' or '\\').",
            StatusCodes.Status401Unauthorized => ControlTokenAuthentication.MissingTokenDetail,
            StatusCodes.Status404NotFound => "No live peer has 'archivo9.txt'.",
            StatusCodes.Status409Conflict => "Download 5e0f8a61c1b34d0c9a1f7d2e8b6c4a90 is already completed.",
            _ => ReasonPhrases.GetReasonPhrase(status),
        },
        [ProblemDetailsSetup.TraceIdKey] = "4a13481b197a253fb5e3ddbc448fcdc8",
    };
}
