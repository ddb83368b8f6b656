using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace P2P.Tests.Integration;

/// <summary>
/// A Maestro or peer that lies, hosted in the test process on a free loopback port: every request gets the body the
/// test chose for its path (the longest matching prefix), whatever it asked. Callers reach it at <see cref="Url"/>.
/// </summary>
public sealed class LyingHttpServer(IReadOnlyDictionary<string, string> bodies, string contentType = "application/json") : IAsyncDisposable
{
    private LoopbackServer? _server;

    public string Url { get; private set; } = "";

    /// <summary>The path of every request that reached the server.</summary>
    public ConcurrentQueue<string> Paths { get; } = new();

    public static async Task<LyingHttpServer> StartAsync(
        IReadOnlyDictionary<string, string> bodies, CancellationToken cancellationToken, string contentType = "application/json")
    {
        var server = new LyingHttpServer(bodies, contentType);
        server._server = await LoopbackServer.StartAsync(HttpProtocols.Http1AndHttp2, _ => { }, app => app.Run(server.AnswerAsync), cancellationToken);
        server.Url = server._server.Url;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        Paths.Enqueue(path);
        var body = bodies.Where(b => path.StartsWith(b.Key, StringComparison.Ordinal)).MaxBy(b => b.Key.Length).Value;
        if (body is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body.Replace("{{Url}}", Url), context.RequestAborted);
    }
}
