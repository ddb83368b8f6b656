using System.Net.Http.Json;
using P2P.Contracts;

namespace P2P.Tests.Integration;

/// <summary>Calls to a node's plain REST port with a control token, right or wrong, as its operator or a stranger makes them.</summary>
public static class ControlRequests
{
    public const string WrongToken = "not-the-control-token-at-all";

    /// <summary>Sends to <paramref name="to"/>'s plain REST port, with <paramref name="token"/> as its control token when given.</summary>
    public static async Task<HttpResponseMessage> ControlAsync(
        this AppHostFixture network, HttpMethod method, string path, string? token, CancellationToken cancellationToken, object? body = null,
        string to = "peer1")
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: SnakeCaseJson.Options);
        }
        using var client = network.Client(to);
        return await client.SendAsync(request, cancellationToken);
    }
}
