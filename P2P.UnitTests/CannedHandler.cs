using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace P2P.Tests.Unit;

/// <summary>
/// Answers every request with what the test says, as a lying Maestro or friend would, with no network; it records
/// each request as "METHOD host/path".
/// </summary>
public sealed class CannedHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    public ConcurrentQueue<string> Requests { get; } = new();

    public static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        With(new StringContent(body, Encoding.UTF8, "application/json"), status);

    public static HttpResponseMessage With(HttpContent content, HttpStatusCode status = HttpStatusCode.OK) => new(status) { Content = content };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue($"{request.Method} {request.RequestUri!.Host}{request.RequestUri.AbsolutePath}");
        // As a real handler does: the answer says which request it answers, so its reader knows which party spoke.
        var response = answer(request);
        response.RequestMessage ??= request;
        return Task.FromResult(response);
    }
}
