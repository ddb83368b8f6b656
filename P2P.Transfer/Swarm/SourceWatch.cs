using Grpc.Core;
using P2P.Contracts.Transfer.V1;
using P2P.Transfer.Planning;
using P2P.Transfer.Sources;

namespace P2P.Transfer.Swarm;

/// <summary>
/// One source's availability for a download's life, read off its <c>Watch</c> call: a bitfield first, then the chunks it
/// verifies, its suggestions and its completion. Every field is checked against the chosen manifest; a source that sends
/// one out of the file, a bitfield of the wrong length or a first message without one is dropped, costing only itself.
/// An old peer (no <c>Watch</c>) is a complete holder.
/// </summary>
public sealed class SourceWatch(DownloadSource source, FileTransfer.FileTransferClient client, ChunkAvailability availability)
{
    /// <summary>Suggestions kept from one message: the picker wants the first few, a hostile source could send a million.</summary>
    public const int MaxSuggestions = 64;

    /// <summary>How long a source may take to say what it holds before it is set aside.</summary>
    private static readonly TimeSpan s_firstMessageLimit = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Opens the call and reads the source's first message, after which the source may be asked for what it holds;
    /// returns the call for <see cref="FollowAsync"/> to read on, or null when there is nothing more to read (an old peer,
    /// a complete holder from now on) or the source was set aside or dropped (see its health).
    /// </summary>
    public async Task<AsyncServerStreamingCall<Availability>?> StartAsync(
        DownloadManifest manifest, string? ownGrpcUrl, TimeProvider time, CancellationToken cancellationToken)
    {
        var call = client.Watch(
            new WatchRequest { FileName = manifest.File, Sha256 = manifest.Sha256, GrpcUrl = ownGrpcUrl ?? "" },
            new CallOptions(cancellationToken: cancellationToken));
        try
        {
            using var limit = new CancellationTokenSource(s_firstMessageLimit, time);
            using var first = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
            if (!await call.ResponseStream.MoveNext(first.Token))
            {
                source.Health.Drop("ended its availability call without saying which chunks it holds");
                call.Dispose();
                return null;
            }
            if (ChunkBitfield.Parse(call.ResponseStream.Current.Bitfield.Span, manifest.ChunkCount, out var held) is { } wrong)
            {
                source.Health.Drop($"sent availability that is unusable: {wrong}");
                call.Dispose();
                return null;
            }
            availability.Joined(source.Key, Enumerable.Range(0, manifest.ChunkCount).Where(held.Has));
            if (!Apply(call.ResponseStream.Current, manifest.ChunkCount))
            {
                call.Dispose();
                return null;
            }
            return call;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented && !cancellationToken.IsCancellationRequested)
        {
            // A peer from before swarming serves only complete copies.
            availability.Joined(source.Key, Enumerable.Range(0, manifest.ChunkCount));
            call.Dispose();
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // NOT_FOUND: it holds none of the version after all; anything else: it cannot say what it holds. Either way, not used.
            source.Health.Fail(e is OperationCanceledException
                ? new FetchFailure($"DeadlineExceeded: said nothing of what it holds in {s_firstMessageLimit.TotalSeconds} s", true)
                : FetchFailure.Of(e, 0, 0, s_firstMessageLimit) with { Fatal = true });
            call.Dispose();
            return null;
        }
    }

    /// <summary>Reads the source's updates until the call ends, the source is no longer used, or the download ends.</summary>
    public async Task FollowAsync(AsyncServerStreamingCall<Availability> call, int chunkCount, CancellationToken cancellationToken)
    {
        using (call)
        {
            try
            {
                while (source.IsUsable && await call.ResponseStream.MoveNext(cancellationToken))
                {
                    if (call.ResponseStream.Current.Bitfield.Length > 0)
                    {
                        source.Health.Drop("sent a second bitfield on its availability call");
                    }
                    else
                    {
                        Apply(call.ResponseStream.Current, chunkCount);
                    }
                }
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException or IOException)
            {
                // The download ended, or the call failed, which says nothing the fetches will not: what it held still stands.
            }
        }
        if (!source.IsUsable)
        {
            availability.Left(source.Key);
        }
    }

    /// <summary>Takes one message's have, suggest and complete; false (the source dropped) when one of them is out of the file.</summary>
    private bool Apply(Availability message, int chunkCount)
    {
        if (message.Have.Concat(message.Suggest).Where(c => (uint)c >= (uint)chunkCount).Select(c => (int?)c).FirstOrDefault() is { } outside)
        {
            source.Health.Drop($"announced chunk {outside}, outside the file's {chunkCount} chunks");
            availability.Left(source.Key);
            return false;
        }
        foreach (var chunk in message.Have)
        {
            availability.Has(source.Key, chunk);
        }
        if (message.Complete)
        {
            availability.Completed(source.Key);
        }
        if (message.Suggest.Count > 0)
        {
            availability.Suggested(source.Key, message.Suggest.Take(MaxSuggestions).ToList());
        }
        source.Announced(availability.IsComplete(source.Key) == true);
        return true;
    }
}
