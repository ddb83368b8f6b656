using System.Threading.Channels;
using Microsoft.Extensions.Options;
using P2P.Contracts.Files;
using P2P.Peer.Registration;

namespace P2P.Peer.Files;

/// <summary>
/// Keeps the registration current without a restart: a change in the shared folder, once the folder has been
/// quiet for the debounce interval, triggers a rescan and, when the files changed, a new registration.
/// </summary>
public sealed class SharedFolderWatcher(
    SharedFolder folder, FileCatalog catalog, MaestroRegistrar registrar, IOptions<PeerOptions> options, TimeProvider time, ILogger<SharedFolderWatcher> logger)
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
        while (await changes.Reader.WaitToReadAsync(stoppingToken))
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
                if (await catalog.RescanAsync(stoppingToken))
                {
                    await registrar.RegisterAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The folder itself is unreadable for now (removed, remounted): keep watching; the next change retries.
                logger.RescanFailed(folder.Root, e.Message);
            }
        }
    }
}
