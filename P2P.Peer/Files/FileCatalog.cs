using System.Collections.Frozen;
using P2P.Transfer.Hashing;

namespace P2P.Peer.Files;

/// <summary>
/// The peer's current view of its shared folder: an immutable snapshot, replaced whole by each rescan. It announces
/// what changed (<see cref="Changed"/>, <see cref="Settling"/>) to whoever listens, and calls no other feature.
/// </summary>
public sealed class FileCatalog(SharedFolderScanner scanner, ILogger<FileCatalog> logger)
{
    private readonly SemaphoreSlim _scanGate = new(1, 1);
    private volatile Snapshot _current = new([], 0);
    private volatile TaskCompletionSource _changed = NewSignal();
    private volatile TaskCompletionSource _settling = NewSignal();

    public IReadOnlyList<SharedFile> Files => _current.Files;

    /// <summary>Counts the scans that changed the set of files, sizes or hashes: equal generations list the same files.</summary>
    public long Generation => _current.Generation;

    /// <summary>Completes when a scan changes the set of files, sizes or hashes (the first scan always does).</summary>
    public Task Changed => _changed.Task;

    public bool HasScanned { get; private set; }

    /// <summary>When the files the last scan left out because they were still changing will have settled; null when none were.</summary>
    public DateTimeOffset? SettlesAt { get; private set; }

    /// <summary>Completes when a scan leaves files settling: whoever waits to rescan them learns of a scan it did not run.</summary>
    public Task Settling => _settling.Task;

    public SharedFile? Find(string name) => _current.ByName.GetValueOrDefault(name);

    /// <summary>Scans the folder again; returns true when the set of files, sizes or hashes changed.</summary>
    public Task<bool> RescanAsync(CancellationToken cancellationToken) => ScanAsync(adopted: null, cancellationToken);

    /// <summary>Adds a file this peer has just written and verified, reusing its digest instead of hashing it again.</summary>
    public Task<bool> AdoptAsync(string name, FileDigest digest, CancellationToken cancellationToken) => ScanAsync((name, digest), cancellationToken);

    private async Task<bool> ScanAsync((string Name, FileDigest Digest)? adopted, CancellationToken cancellationToken)
    {
        await _scanGate.WaitAsync(cancellationToken);
        try
        {
            if (adopted is { } file)
            {
                scanner.Remember(file.Name, file.Digest);
            }
            var result = await scanner.ScanAsync(cancellationToken);
            var previous = _current;
            var changed = !HasScanned || !previous.SameFilesAs(result.Files);
            _current = new Snapshot(result.Files, changed ? previous.Generation + 1 : previous.Generation);
            HasScanned = true;
            SettlesAt = result.SettlesAt;
            logger.FolderScanned(result.Files.Count, result.Hashed, changed);
            if (changed)
            {
                Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
            }
            if (SettlesAt is not null)
            {
                Interlocked.Exchange(ref _settling, NewSignal()).TrySetResult();
            }
            return changed;
        }
        finally
        {
            _scanGate.Release();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Snapshot(IReadOnlyList<SharedFile> files, long generation)
    {
        public IReadOnlyList<SharedFile> Files { get; } = files;

        public long Generation { get; } = generation;

        public FrozenDictionary<string, SharedFile> ByName { get; } = files.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

        public bool SameFilesAs(IReadOnlyList<SharedFile> files) =>
            files.Count == Files.Count && files.All(f => ByName.TryGetValue(f.Name, out var o) && o.Size == f.Size && o.Sha256 == f.Sha256);
    }
}
