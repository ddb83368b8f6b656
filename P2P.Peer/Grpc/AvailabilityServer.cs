using Google.Protobuf;
using Grpc.Core;
using P2P.Contracts.Files;
using P2P.Contracts.Remote;
using P2P.Contracts.Transfer.V1;
using P2P.Peer.Files;
using P2P.Peer.Swarm;
using P2P.Transfer.Sources;
using P2P.Transfer.Swarm;

namespace P2P.Peer.Grpc;

/// <summary>
/// Answers <c>Watch</c> (BEP 3's bitfield and HAVE): for a version on the shelf, its bitfield, then each chunk verified
/// since, within <see cref="HaveDelay"/>, and <c>complete</c> once all are, until the download takes it off the shelf;
/// for the shared copy, a full bitfield, then every <see cref="SuggestInterval"/> the chunks sent least. A caller that
/// downloads the version too (<c>grpc_url</c>) is one of the <see cref="WatchingPeers"/> while its call is open. Every
/// watch ends when the peer stops: it has no end of its own, and the server's graceful stop would wait for it.
/// </summary>
public sealed class AvailabilityServer(
    ServedFiles files, SentCounts sent, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<AvailabilityServer> logger,
    WatchingPeers? watching = null)
{
    /// <summary>How long a verified chunk waits for others to share its message: a few messages a second, never seconds late.</summary>
    public static readonly TimeSpan HaveDelay = TimeSpan.FromMilliseconds(150);

    /// <summary>Between a complete holder's suggestions: often enough to steer the chunks a crowd asks for next.</summary>
    public static readonly TimeSpan SuggestInterval = TimeSpan.FromSeconds(1);

    /// <summary>Chunks in one suggestion.</summary>
    public const int SuggestCount = 16;

    public async Task WatchAsync(WatchRequest request, IServerStreamWriter<Availability> responseStream, ServerCallContext context)
    {
        using var open = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var cancellationToken = open.Token;
        try
        {
            if (SharedFileName.Validate(request.FileName) is { } error)
            {
                throw RpcErrors.InvalidArgument(error);
            }
            if (!Sha256Text.IsValid(request.Sha256))
            {
                throw RpcErrors.InvalidArgument("sha256 is required: the version watched, as 64 lower-case hex digits.");
            }
            var watcher = Watcher(request, context);
            if (files.Find(request.FileName) is { } file && file.Sha256 == request.Sha256)
            {
                using var recorded = Record(watcher, request.Sha256);
                logger.WatchStarted(context.Peer, file.Name, "complete", recorded is not null);
                await WatchCompleteAsync(file, responseStream, cancellationToken);
            }
            else if (files.Downloading(request.FileName, request.Sha256)?.Watch() is { } feed)
            {
                using (feed)
                {
                    using var recorded = Record(watcher, request.Sha256);
                    logger.WatchStarted(context.Peer, request.FileName, "partial", recorded is not null);
                    await WatchPartialAsync(feed, responseStream, cancellationToken);
                }
            }
            else
            {
                throw files.Downloading(request.FileName, request.Sha256) is null ? RpcErrors.NoCopy(request.FileName, request.Sha256)
                    : RpcErrors.ResourceExhausted($"{ShelfEntry.MaxWatchers} peers watch '{request.FileName}' here already; ask another holder.");
            }
        }
        catch (RpcException e)
        {
            logger.WatchRefused(SharedFileName.IsValid(request.FileName) ? request.FileName : "", context.Peer, e.StatusCode, e.Status.Detail);
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller ended its watch, or this peer is stopping: nothing left to say.
        }
    }

    private async Task WatchCompleteAsync(SharedFile file, IServerStreamWriter<Availability> responseStream, CancellationToken cancellationToken)
    {
        var chunks = ChunkLayout.ChunkCount(file.Size);
        var full = ChunkBitfield.Full(chunks).ToWire();
        await responseStream.WriteAsync(new Availability { Bitfield = UnsafeByteOperations.UnsafeWrap(full), Complete = true }, cancellationToken);
        // The first suggestion at once: a crowd's first requests, made before any timer ticks, are the ones it shares most.
        await responseStream.WriteAsync(new Availability { Suggest = { sent.Suggest(file.Sha256, chunks, SuggestCount) } }, cancellationToken);
        using var timer = new PeriodicTimer(SuggestInterval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            if (files.Find(file.Name)?.Sha256 != file.Sha256)
            {
                return;
            }
            var suggestion = new Availability { Suggest = { sent.Suggest(file.Sha256, chunks, SuggestCount) } };
            await responseStream.WriteAsync(suggestion, cancellationToken);
        }
    }

    private async Task WatchPartialAsync(
        AvailabilityFeed feed, IServerStreamWriter<Availability> responseStream, CancellationToken cancellationToken)
    {
        var held = feed.HeldAtStart;
        var completeSent = held == feed.ChunkCount;
        await responseStream.WriteAsync(
            new Availability { Bitfield = UnsafeByteOperations.UnsafeWrap(feed.Bitfield), Complete = completeSent }, cancellationToken);
        // Ends when the entry leaves the shelf; a download publishes only once every chunk is verified, so `complete` went first.
        while (await feed.NewlyVerified.WaitToReadAsync(cancellationToken))
        {
            await Task.Delay(HaveDelay, time, cancellationToken);
            var message = new Availability();
            while (feed.NewlyVerified.TryRead(out var chunk))
            {
                message.Have.Add(chunk);
            }
            held += message.Have.Count;
            message.Complete = !completeSent && held == feed.ChunkCount;
            completeSent |= message.Complete;
            await responseStream.WriteAsync(message, cancellationToken);
        }
    }

    /// <summary>The caller as a source of the version, when it says it downloads it too: its URL checked, its fingerprint the one it proved.</summary>
    private static SourceAddress? Watcher(WatchRequest request, ServerCallContext context)
    {
        if (request.GrpcUrl.Length == 0)
        {
            return null;
        }
        if (!WireRules.IsHttpsUrl(request.GrpcUrl))
        {
            throw RpcErrors.InvalidArgument(
                $"grpc_url, when given, must be an absolute https:// URL of at most {WireRules.MaxUrlLength} characters: the caller's own TLS port.");
        }
        if (WireRules.IsLocalAddress(request.GrpcUrl) && !CallerIdentity.IsLocal(context))
        {
            throw RpcErrors.InvalidArgument("grpc_url names a loopback or link-local address, which only a caller on this machine may give as its own.");
        }
        return CallerIdentity.Fingerprint(context) is { } fingerprint
            ? new SourceAddress(fingerprint, request.GrpcUrl, fingerprint, request.Sha256, Partial: true)
            : null;
    }

    private IDisposable? Record(SourceAddress? watcher, string sha256) => watcher is null ? null : watching?.Add(sha256, watcher);
}
