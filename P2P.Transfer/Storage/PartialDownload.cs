using System.Buffers;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using P2P.Transfer.Buffers;
using P2P.Transfer.Hashing;

namespace P2P.Transfer.Storage;

/// <summary>
/// A download's bytes so far: a sparse file in the staging area with its manifest beside it. Resume trusts no
/// bookkeeping: on reopening, every chunk already on disk is hashed again, and only chunks that match the manifest
/// count as done, so a crash mid-write can cost a chunk but never corrupt the result. Whole chunks are written through
/// a second handle with direct I/O where the system allows it (<see cref="DirectIo"/>); reads and the rest go through
/// the page cache. Writes are flushed to the disk as the download goes (<see cref="BackgroundFlusher"/>). A partial
/// belongs to one download at a time: it holds the version's <see cref="StagingLock"/> from open to dispose.
/// </summary>
public sealed class PartialDownload : IChunkReader, IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly BackgroundFlusher _flusher;
    private readonly StagingLock _owner;
    private SafeFileHandle? _direct;
    private volatile bool _directRefused;

    private PartialDownload(string path, string manifestPath, DownloadManifest manifest, SafeFileHandle handle, StagingLock owner)
    {
        Path = path;
        ManifestPath = manifestPath;
        Manifest = manifest;
        _handle = handle;
        _owner = owner;
        _flusher = new BackgroundFlusher(() => RandomAccess.FlushToDisk(handle));
    }

    /// <summary>Whether whole chunks go to the disk by direct I/O.</summary>
    public bool IsDirect => _direct is not null && !_directRefused;

    public string Path { get; }

    public string ManifestPath { get; }

    public DownloadManifest Manifest { get; }

    /// <summary>
    /// Opens the partial file for <paramref name="manifest"/>, keeping what a previous attempt verified; returns those
    /// chunks. Waits while another download owns the same version (<paramref name="waiting"/> is told once).
    /// </summary>
    public static async Task<(PartialDownload Partial, IReadOnlyList<int> Verified)> OpenAsync(
        IDownloadTarget staging, DownloadManifest manifest, TimeProvider time, Action waiting, CancellationToken cancellationToken)
    {
        var key = StagingPath.DownloadKey(manifest.Sha256);
        var path = staging.PartialPath(key);
        var manifestPath = StagingPath.Of(staging.Root, key, ".json");
        // Taken before the manifest or the partial is touched: another owner's are never rewritten or truncated.
        var owner = await StagingLock.TakeAsync(StagingPath.Of(staging.Root, key, ".lock"), time, waiting, cancellationToken);
        SafeFileHandle? handle = null;
        try
        {
            var resumable = ReadManifest(manifestPath) is { } previous && previous.SameContentAs(manifest) && File.Exists(path);
            // Rewritten even when resuming, so a restart resumes under the id of the latest attempt.
            await WriteManifestAsync(manifestPath, manifest, cancellationToken);

            handle = File.OpenHandle(path, resumable ? FileMode.OpenOrCreate : FileMode.Create, FileAccess.ReadWrite, FileShare.Read, FileOptions.Asynchronous);
            RandomAccess.SetLength(handle, manifest.Size);
            var partial = new PartialDownload(path, manifestPath, manifest, handle, owner);
            var verified = resumable ? await partial.VerifiedChunksAsync(cancellationToken) : [];
            partial.OpenDirect();
            return (partial, verified);
        }
        catch
        {
            handle?.Dispose();
            owner.Dispose();
            throw;
        }
    }

    /// <summary>The manifests of downloads left unfinished in the staging area (by a stop, a crash or a cancel).</summary>
    public static IReadOnlyList<DownloadManifest> FindUnfinished(IDownloadTarget staging)
    {
        if (!System.IO.Directory.Exists(staging.Root))
        {
            return [];
        }
        return System.IO.Directory.EnumerateFiles(staging.Root, "download-*.json")
            .Select(ReadManifest)
            .OfType<DownloadManifest>()
            .ToList();
    }

    /// <summary>
    /// Writes a chunk held in <paramref name="buffer"/>: straight to the disk when it is aligned and the system allows
    /// it. Synchronous: it runs on the download's own writer thread (<see cref="ChunkWriter"/>), never on the pool's.
    /// </summary>
    public void Write(int chunk, ChunkBuffer buffer)
    {
        var offset = Manifest.OffsetOf(chunk);
        var data = buffer.Memory.Span[..Manifest.LengthOf(chunk)];
        if (IsDirect && DirectIo.IsAligned(offset, data.Length))
        {
            try
            {
                RandomAccess.Write(_direct!, data, offset);
                _flusher.Written(data.Length);
                return;
            }
            catch (IOException e) when (e.HResult == DirectIo.InvalidArgument)
            {
                // Some file systems accept the flag and then refuse the writes: stay buffered from here on.
                _directRefused = true;
            }
        }
        RandomAccess.Write(_handle, data, offset);
        _flusher.Written(data.Length);
    }

    public Task ReadAsync(int chunk, Memory<byte> buffer, CancellationToken cancellationToken) =>
        FileHasher.ReadExactlyAsync(_handle, buffer[..Manifest.LengthOf(chunk)], Manifest.OffsetOf(chunk), cancellationToken);

    /// <summary>Makes every byte written durable and closes the file, ready to be published; the download still owns the version.</summary>
    public void Close()
    {
        _flusher.Stop();
        RandomAccess.FlushToDisk(_handle);
        // The lock keeps other downloads out, not every process: a file cut short since is not what was verified.
        if (RandomAccess.GetLength(_handle) != Manifest.Size)
        {
            throw new IOException($"The partial file {Path} changed size while it was downloaded; it is not published.");
        }
        CloseFile();
    }

    /// <summary>Removes the partial file and its manifest (the file may have been published already), then lets the version go.</summary>
    public void Discard()
    {
        CloseFile();
        File.Delete(Path);
        File.Delete(ManifestPath);
        _owner.Dispose();
    }

    public void Dispose()
    {
        CloseFile();
        _owner.Dispose();
    }

    private void CloseFile()
    {
        _flusher.Dispose();
        _direct?.Dispose();
        _handle.Dispose();
    }

    private void OpenDirect()
    {
        var direct = File.OpenHandle(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, FileOptions.Asynchronous);
        if (DirectIo.TryEnable(direct))
        {
            _direct = direct;
        }
        else
        {
            direct.Dispose();
        }
    }

    private async Task<IReadOnlyList<int>> VerifiedChunksAsync(CancellationToken cancellationToken)
    {
        var verified = new List<int>();
        var buffer = ArrayPool<byte>.Shared.Rent(Manifest.ChunkSize);
        try
        {
            for (var chunk = 0; chunk < Manifest.ChunkCount; chunk++)
            {
                await ReadAsync(chunk, buffer, cancellationToken);
                if (ChunkCheck.Matches(Manifest, chunk, buffer.AsSpan(0, Manifest.LengthOf(chunk))))
                {
                    verified.Add(chunk);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return verified;
    }

    /// <summary>A manifest this peer wrote, read back only if every field is still sound: the folder is on a disk others may touch.</summary>
    private static DownloadManifest? ReadManifest(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<DownloadManifest>(File.ReadAllBytes(path)) is { IsSound: true } manifest ? manifest : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private static async Task WriteManifestAsync(string path, DownloadManifest manifest, CancellationToken cancellationToken)
    {
        var temp = path + ".tmp";
        await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(manifest), cancellationToken);
        File.Move(temp, path, overwrite: true);
    }
}
