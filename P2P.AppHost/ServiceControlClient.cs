using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace P2P.AppHost;

/// <summary>
/// Every call the AppHost makes into a service's control API, the dashboard's commands among them: one place that
/// knows how such a call authenticates (the services' control token, as a bearer token on their plain REST port) and
/// how its answer or problem reads.
/// </summary>
internal sealed class ServiceControlClient(IHttpClientFactory clients, ParameterResource controlToken)
{
    public const string HttpClientName = "service-control";

    private static readonly JsonSerializerOptions s_snakeCase = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// Sends <paramref name="method"/> <paramref name="path"/> to the REST endpoint of <paramref name="service"/>, with
    /// <paramref name="body"/> as JSON.
    /// </summary>
    public async Task<ControlAnswer> SendAsync(
        IResourceWithEndpoints service, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var endpoint = service.GetEndpoint("http");
        if (!endpoint.IsAllocated)
        {
            return ControlAnswer.Failed($"{service.Name} has not been started.");
        }
        using var request = new HttpRequestMessage(method, new Uri(new Uri(endpoint.Url), path));
        request.Headers.Authorization = new("Bearer", await controlToken.GetValueAsync(cancellationToken));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: s_snakeCase);
        }
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var json = text.Length > 0 ? JsonNode.Parse(text) : null;
            return response.IsSuccessStatusCode
                ? new ControlAnswer(true, json, response.Headers.Location?.ToString(), null)
                : ControlAnswer.Failed($"{service.Name} answered {(int)response.StatusCode}: {Describe(json) ?? response.ReasonPhrase}");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ControlAnswer.Failed($"{service.Name} could not be reached: {e.Message}");
        }
    }

    /// <summary>A problem's title and detail, and each invalid field's errors.</summary>
    private static string? Describe(JsonNode? problem)
    {
        if (problem is not JsonObject fields)
        {
            return null;
        }
        var parts = new[] { fields["title"]?.ToString(), fields["detail"]?.ToString() }.Where(p => !string.IsNullOrEmpty(p)).ToList();
        if (fields["errors"] is JsonObject errors)
        {
            parts.AddRange(errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value?.AsArray().Select(m => m?.ToString()) ?? [])}"));
        }
        return parts.Count > 0 ? string.Join(" ", parts) : null;
    }
}
