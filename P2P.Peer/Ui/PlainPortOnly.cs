namespace P2P.Peer.Ui;

/// <summary>Keeps the UI off the TLS port: that port is for proven members, never a person's browser.</summary>
public sealed class PlainPortOnly : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Request.IsHttps
            ? ValueTask.FromResult<object?>(TypedResults.Problem("The web UI is served on the peer's plain local port only.",
                statusCode: StatusCodes.Status404NotFound, title: "Not here."))
            : next(context);
}
