using P2P.Transfer.Buffers;
using P2P.Transfer.Hashing;

namespace P2P.Transfer.Sources;

/// <summary>
/// Where a chunk a source sent is checked and counted: against the manifest's hash (<see cref="ChunkCheck"/>), then in
/// the plan, the source's health and the metrics, and handed to the writer if it is the first copy.
/// </summary>
public sealed class ChunkIntake(DownloadSource source, DownloadContext download)
{
    /// <summary>
    /// Takes a chunk whose bytes are all in <paramref name="buffer"/>, and the buffer with it; false when the source
    /// sent a chunk that does not match the manifest and is dropped (the buffer is then still the caller's).
    /// </summary>
    public bool Keep(int chunk, ChunkBuffer buffer)
    {
        var manifest = download.Manifest;
        var data = buffer.Memory.Span[..manifest.LengthOf(chunk)];
        if (!ChunkCheck.Matches(manifest, chunk, data))
        {
            download.Metrics.ChunksRejected.Add(1);
            source.Health.Drop($"sent chunk {chunk} with a SHA-256 that does not match the manifest");
            return false;
        }
        if (download.Plan.Receive(chunk, source.Key))
        {
            source.Health.Delivered(data.Length);
            download.Metrics.DownloadReceived(data.Length, manifest.Id, source.Id);
            download.Store(chunk, buffer);
        }
        else
        {
            // The endgame: another source's copy is already kept.
            download.Buffers.Return(buffer);
        }
        return true;
    }
}
