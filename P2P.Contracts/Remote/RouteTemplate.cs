namespace P2P.Contracts.Remote;

/// <summary>
/// The route template a request was made from (<c>/peers/{id}/heartbeat</c>), carried in its options so the client
/// span can be named after the route, as the server's span is, rather than by its method alone.
/// </summary>
public static class RouteTemplate
{
    public static readonly HttpRequestOptionsKey<string> Key = new("p2p.route_template");

    public static HttpRequestMessage WithRouteTemplate(this HttpRequestMessage request, string template)
    {
        request.Options.Set(Key, template);
        return request;
    }
}
