namespace P2P.Peer.Maestro;

/// <summary>
/// The Maestro client's connection: each call goes to the Maestro <see cref="MaestroEndpoints"/> names first, and to
/// the next in turn when that one does not answer (no connection, or nothing within the attempt's time), so registration,
/// heartbeats and lookups move together. A Maestro that answers, even with an error, is not left.
/// </summary>
public sealed class MaestroFailover(MaestroEndpoints endpoints, Func<int, HttpMessageHandler> connect, TimeProvider time, ILogger logger)
    : HttpMessageHandler
{
    /// <summary>How long one Maestro may take to answer before the next is tried.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpMessageInvoker[] _maestros =
        [.. Enumerable.Range(0, endpoints.Urls.Count).Select(i => new HttpMessageInvoker(connect(i)))];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var maestro = endpoints.Current;
        for (var attempt = 1; ; attempt++)
        {
            var sent = attempt == 1 ? request : Copy(request);
            sent.RequestUri = new Uri(endpoints.Urls[maestro], request.RequestUri!.PathAndQuery);
            using var timeout = new CancellationTokenSource(AttemptTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                return await _maestros[maestro].SendAsync(sent, linked.Token);
            }
            catch (Exception e) when (attempt < _maestros.Length && !cancellationToken.IsCancellationRequested
                && e is HttpRequestException or OperationCanceledException)
            {
                var next = endpoints.Failed(maestro);
                logger.MaestroFailedOver(endpoints.Urls[maestro].ToString(), endpoints.Urls[next].ToString(), e.Message);
                maestro = next;
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var invoker in _maestros)
            {
                invoker.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    // A message is sent once; the next Maestro gets a copy carrying the same content, headers and options.
    private static HttpRequestMessage Copy(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Content = request.Content, Version = request.Version, VersionPolicy = request.VersionPolicy,
        };
        foreach (var (name, values) in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }
        foreach (var (key, value) in request.Options)
        {
            copy.Options.Set(new HttpRequestOptionsKey<object?>(key), value);
        }
        return copy;
    }
}
