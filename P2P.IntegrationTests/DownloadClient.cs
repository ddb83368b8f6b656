using System.Net;
using System.Net.Http.Json;
using P2P.Contracts;
using P2P.Peer.Downloads;

namespace P2P.Tests.Integration;

/// <summary>Drives a peer's <c>/downloads</c> API the way a user would: start, then follow the Location until it ends.</summary>
public static class DownloadClient
{
    public static async Task<Uri> StartAsync(this HttpClient peer, object body)
    {
        using var response = await peer.PostAsJsonAsync("/downloads", body, SnakeCaseJson.Options, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted,
            $"POST /downloads answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location ?? throw new InvalidOperationException("202 without a Location.");
    }

    public static Task<DownloadStatus> WaitUntilFinishedAsync(this HttpClient peer, Uri location, TimeSpan within) =>
        peer.WaitUntilAsync(location, s => s.State is DownloadState.Completed or DownloadState.Failed or DownloadState.Cancelled, within, "finished");

    /// <summary>
    /// Follows a download until its status satisfies <paramref name="done"/> (a 404 or a refused connection, as while the
    /// peer restarts, is asked again).
    /// </summary>
    public static Task<DownloadStatus> WaitUntilAsync(this HttpClient peer, Uri location, Func<DownloadStatus, bool> done, TimeSpan within, string what) =>
        Eventually.ReturnsAsync(
            async ct => (await peer.GetFromJsonAsync<DownloadStatus>(location, SnakeCaseJson.Options, ct))!,
            done,
            within,
            $"download {location} {what}");
}
