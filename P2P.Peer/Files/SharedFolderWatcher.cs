using System.Threading.Channels;
using Microsoft.Extensions.Options;
using P2P.Contracts.Files;

namespace P2P.Peer.Files;

/// <summary>
/// Keeps the catalog current without a restart: a change in the shared folder, once the folder has been quiet for
/// the debounce interval, triggers a rescan (the catalog announces what changed; registration listens). Files a scan
/// left out because they were still changing are rescanned once they have settled, with no further event needed.
/// </summary>
public sealed class SharedFolderWatcher(
    SharedFolder folder, FileCatalog catalog, IOptions<PeerOptions> options, TimeProvider time, ILogger<SharedFolderWatcher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var watcher = new FileSystemWatcher(folder.Root)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.LastWrite | NotifyFilters.CreationTime,
        };
        void Signal(string? name)
        {
            if (name is null || SharedFileName.IsValid(name))
            {
                changes.Writer.TryWrite(true);
            }
        }
        watcher.Created += (_, e) => Signal(e.Name);
        watcher.Changed += (_, e) => Signal(e.Name);
        watcher.Deleted += (_, e) => Signal(e.Name);
        watcher.Renamed += (_, e) => { Signal(e.OldName); Signal(e.Name); };
        // An overflowed event buffer loses changes: rescan everything.
        watcher.Error += (_, _) => Signal(null);
        watcher.EnableRaisingEvents = true;

        var quiet = TimeSpan.FromMilliseconds(options.Value.RescanDebounceMs);
        while (await NextChangeAsync(changes.Reader, stoppingToken))
        {
            do
            {
                changes.Reader.TryRead(out _);
                await Task.Delay(quiet, time, stoppingToken);
            }
            while (changes.Reader.TryPeek(out _));

            logger.FolderChanged(folder.Root);
            try
            {
                await catalog.RescanAsync(stoppingToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The folder itself is unreadable for now (removed, remounted): keep watching; the next change retries.
                logger.RescanFailed(folder.Root, e.Message);
            }
        }
    }

    /// <summary>Waits for a change in the folder, or until the files still settling have settled: a file that simply stops changing raises no event.</summary>
    private async Task<bool> NextChangeAsync(ChannelReader<bool> changes, CancellationToken stoppingToken)
    {
        DateTimeOffset due;
        while (true)
        {
            var settling = catalog.Settling;
            if (catalog.SettlesAt is { } at)
            {
                due = at;
                break;
            }
            // The first scan (at start) or a refresh runs elsewhere, and may leave files settling after this wait began.
            var change = changes.WaitToReadAsync(stoppingToken).AsTask();
            if (await Task.WhenAny(change, settling) == change)
            {
                return await change;
            }
        }
        var wait = due - time.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            return true;
        }
        using var settled = new CancellationTokenSource(wait, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, settled.Token);
        try
        {
            return await changes.WaitToReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (settled.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            return true;
        }
    }
}
