using System.Collections.Frozen;
using P2P.Transfer.Hashing;

namespace P2P.Peer.Files;

/// <summary>The peer's current view of its shared folder: an immutable snapshot, replaced whole by each rescan.</summary>
public sealed class FileCatalog(SharedFolderScanner scanner, ILogger<FileCatalog> logger)
{
    private readonly SemaphoreSlim _scanGate = new(1, 1);
    private volatile Snapshot _current = new([]);
    private volatile TaskCompletionSource _settling = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<SharedFile> Files => _current.Files;

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
            var next = new Snapshot(result.Files);
            var changed = !HasScanned || !next.SameFilesAs(_current);
            _current = next;
            HasScanned = true;
            SettlesAt = result.SettlesAt;
            if (SettlesAt is not null)
            {
                Interlocked.Exchange(ref _settling, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
            logger.FolderScanned(result.Files.Count, result.Hashed, changed);
            return changed;
        }
        finally
        {
            _scanGate.Release();
        }
    }

    private sealed class Snapshot(IReadOnlyList<SharedFile> files)
    {
        public IReadOnlyList<SharedFile> Files { get; } = files;

        public FrozenDictionary<string, SharedFile> ByName { get; } = files.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

        public bool SameFilesAs(Snapshot other) =>
            Files.Count == other.Files.Count && Files.All(f => other.ByName.TryGetValue(f.Name, out var o) && o.Size == f.Size && o.Sha256 == f.Sha256);
    }
}
