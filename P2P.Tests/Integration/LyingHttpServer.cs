using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace P2P.Tests.Integration;

/// <summary>
/// A Maestro or peer that lies, hosted in the test process on a free loopback port: every request gets the body the
/// test chose for its path (the longest matching prefix), whatever it asked. Callers reach it at <see cref="Url"/>.
/// </summary>
public sealed class LyingHttpServer(IReadOnlyDictionary<string, string> bodies, string contentType = "application/json") : IAsyncDisposable
{
    private WebApplication? _app;

    public string Url { get; private set; } = "";

    public static async Task<LyingHttpServer> StartAsync(IReadOnlyDictionary<string, string> bodies, CancellationToken cancellationToken, string contentType = "application/json")
    {
        var server = new LyingHttpServer(bodies, contentType);
        var builder = WebApplication.CreateSlimBuilder();
        // The test's output folder holds the Maestro's appsettings.json, whose Kestrel endpoint (port 9000) must not be bound here.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        server._app = builder.Build();
        server._app.Run(server.AnswerAsync);
        await server._app.StartAsync(cancellationToken);
        server.Url = server._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
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
