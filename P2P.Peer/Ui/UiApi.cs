using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using P2P.Peer.Downloads;
using P2P.Peer.Registration;

namespace P2P.Peer.Ui;

/// <summary>
/// The calls the UI's script makes for a signed-in browser: the acting ones (start, cancel, heartbeats, upload, remove) each checked
/// for the anti-forgery token, and the live values as server-sent events. Reads that are open already stay on their routes.
/// </summary>
public static class UiApi
{
    public const string AntiforgeryDetail = "This request lacks the page's anti-forgery token: reload the page and try again.";

    /// <summary>How often the live values are sent: often enough for a progress bar to move smoothly.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    public static RouteGroupBuilder MapUiApi(this RouteGroupBuilder ui)
    {
        var api = ui.MapGroup("/api").RequireAuthorization(WebUiSetup.Policy).DisableAntiforgery();
        api.MapGet("/session", (HttpContext context, IAntiforgery antiforgery) =>
            TypedResults.Ok(new UiSession(antiforgery.GetAndStoreTokens(context).RequestToken ?? "", WebUiSetup.AntiforgeryHeader)));
        api.MapGet("/events", Events);
        api.MapUiFilesReads();
        api.MapUiNetworkReads();

        var acting = api.MapGroup("").AddEndpointFilter<AntiforgeryCheck>();
        acting.MapPost("/downloads", DownloadsApi.Start);
        acting.MapDelete("/downloads/{id}", DownloadsApi.Cancel);
        acting.MapPost("/heartbeats/pause", RegistrationApi.PauseHeartbeats);
        acting.MapPost("/heartbeats/resume", RegistrationApi.ResumeHeartbeats);
        acting.MapUiFilesActions();
        return ui;
    }

    public static ProblemHttpResult AntiforgeryRefused() =>
        TypedResults.Problem(AntiforgeryDetail, statusCode: StatusCodes.Status400BadRequest, title: "Anti-forgery token missing or wrong.");

    public static ServerSentEventsResult<UiSnapshot> Events(DownloadManager downloads, RegistrationState state, HeartbeatSwitch heartbeats,
        TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.ServerSentEvents(Snapshots(downloads, state, heartbeats, time, cancellationToken), "snapshot");

    private static async IAsyncEnumerable<UiSnapshot> Snapshots(DownloadManager downloads, RegistrationState state, HeartbeatSwitch heartbeats,
        TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        do
        {
            yield return new UiSnapshot(downloads.Jobs.Select(j => j.ToStatus()).ToList(), state.IsRegistered, state.LastRegisteredAt,
                state.LastError, heartbeats.IsPaused);
        }
        while (await WaitAsync(timer, cancellationToken));
    }

    // A closed page ends the stream quietly, not with an exception in the log.
    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private sealed class AntiforgeryCheck(IAntiforgery antiforgery) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
            await antiforgery.IsRequestValidAsync(context.HttpContext) ? await next(context) : AntiforgeryRefused();
    }
}

/// <summary>What the page needs to act: the anti-forgery token and the header to send it in.</summary>
public sealed record UiSession(string AntiforgeryToken, string AntiforgeryHeader);

/// <summary>The live values the pages show, pushed every tick.</summary>
public sealed record UiSnapshot(IReadOnlyList<DownloadStatus> Downloads, bool Registered, DateTimeOffset? LastRegisteredAt,
    string? RegistrationError, bool HeartbeatsPaused);
