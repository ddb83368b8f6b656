using System.Diagnostics;
using P2P.Transfer;
using P2P.Transfer.Engine;
using P2P.Transfer.Storage;
using P2P.Transfer.Telemetry;

namespace P2P.Peer.Downloads;

/// <summary>
/// One of the peer's downloads: waits for a slot, runs the engine's <see cref="FileDownload"/> into the shared
/// folder, and keeps the state, error and timings that <c>GET /downloads/{id}</c> shows.
/// </summary>
public sealed class DownloadJob : IListedDownload
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly DownloadServices _services;
    private readonly DateTimeOffset _createdAt;
    private readonly FileDownload _download;
    private volatile DownloadState _state = DownloadState.Queued;
    private string? _error;
    private DateTimeOffset? _finishedAt;

    public DownloadJob(string id, StartDownloadRequest request, DownloadServices services)
    {
        _services = services;
        _createdAt = services.Time.GetUtcNow();
        _download = new FileDownload(
            id, request.File!, request.Sha256, (sha256, token) => services.Finder.FindAsync(request.File!, sha256, request.Sources, token),
            services.Target, services.Transfer, services.StreamsPerSource, services.Swarm);
    }

    public string Id => _download.Id;

    public string File => _download.File;

    public DownloadState State => _state == DownloadState.Running && _download.IsVerifying ? DownloadState.Verifying : _state;

    public string? Error { get => Volatile.Read(ref _error); private set => Volatile.Write(ref _error, value); }

    public bool IsFinished => _state is DownloadState.Completed or DownloadState.Failed or DownloadState.Cancelled;

    public DateTimeOffset? FinishedAt => _finishedAt;

    /// <summary>The version being fetched, once asked for or chosen; its partial file is in use while the job is unfinished.</summary>
    public string? Sha256 => _download.Sha256;

    public void Cancel() => _cancel.Cancel();

    public DownloadStatus ToStatus()
    {
        var state = State;
        var done = state == DownloadState.Completed ? _download.BytesTotal : _download.BytesDone;
        return new DownloadStatus(
            Id, File, state, done, _download.BytesTotal, _download.BytesResumed, _download.BytesPerSecond, _download.Sha256,
            _download.Sources, Error, _createdAt, _finishedAt);
    }

    public async Task RunAsync(SemaphoreSlim slots, CancellationToken stopping)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping, _cancel.Token);
        var token = cancel.Token;
        using var activity = TransferMetrics.ActivitySource.StartActivity("download");
        // The trace list shows the display name: it says which file, the operation name stays the kind of span.
        activity?.DisplayName = $"download {File}";
        activity?.SetTag("p2p.file", File);
        activity?.SetTag("p2p.download.id", Id);
        try
        {
            await slots.WaitAsync(token);
            try
            {
                _services.Transfer.Metrics.ActiveTransfers.Add(1);
                _state = DownloadState.Running;
                _services.Space.EnsureRoomForDownload(File);
                await _download.RunAsync(activity, token);
                _state = DownloadState.Completed;
            }
            finally
            {
                _services.Transfer.Metrics.ActiveTransfers.Add(-1);
                slots.Release();
            }
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested || stopping.IsCancellationRequested)
        {
            // The error first: a reader that sees the final state also sees why.
            Error = stopping.IsCancellationRequested ? "The peer is stopping; the download resumes when it starts again." : null;
            _state = DownloadState.Cancelled;
        }
        catch (Exception e) when (StorageFailure.Describe(e, $"save '{File}'") is { } plain)
        {
            // The state is set last: whoever reads "failed" also reads the error, and finds the space already freed.
            if (StorageFailure.IsDiskFull(e) && _download.Sha256 is { } sha256)
            {
                // A partial file on a full disk keeps it full for everything else: resuming is not worth that.
                _services.Staging.Discard(StagingPath.DownloadKey(sha256));
                plain += " The partial download was discarded to free the space.";
            }
            Error = plain;
            _state = DownloadState.Failed;
            _services.Logger.DownloadFailed(File, e.Message);
        }
        catch (Exception e) when (e is DownloadFailedException or IOException or UnauthorizedAccessException)
        {
            Error = e.Message;
            _state = DownloadState.Failed;
            _services.Logger.DownloadFailed(File, e.Message);
        }
        catch (Exception e)
        {
            // Nobody awaits a job: an unexpected error must still end it as failed, and be logged whole.
            Error = $"Unexpected error: {e.Message}";
            _state = DownloadState.Failed;
            _services.Logger.DownloadCrashed(File, e);
        }
        finally
        {
            _finishedAt = _services.Time.GetUtcNow();
            activity?.SetTag("p2p.download.state", State.ToString());
            if (State != DownloadState.Completed)
            {
                activity?.SetStatus(ActivityStatusCode.Error, Error);
            }
        }
    }
}
