using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace P2P.Peer.Grpc;

/// <summary>
/// Admits the transfer service's streaming calls (from proven members: <c>MembershipInterceptor</c> runs first) only
/// while their client is under <c>max_transfers_per_client</c>. Manifests stay uncounted.
/// </summary>
public sealed class TransferGuardInterceptor(ClientTransferSlots slots, IOptions<PeerOptions> options, ILogger<TransferGuardInterceptor> logger)
    : Interceptor
{
    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        WithSlotAsync(context, () => continuation(requestStream, context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        WithSlotAsync(context, async () =>
        {
            await continuation(request, responseStream, context);
            return true;
        });

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        WithSlotAsync(context, async () =>
        {
            await continuation(requestStream, responseStream, context);
            return true;
        });

    private async Task<T> WithSlotAsync<T>(ServerCallContext context, Func<Task<T>> call)
    {
        var client = ClientTransferSlots.ClientOf(context.Peer);
        if (!slots.TryAcquire(client))
        {
            var limit = options.Value.MaxTransfersPerClient;
            logger.TransferRefused(context.Method, context.Peer, "too many transfers in flight");
            throw RpcErrors.ResourceExhausted(
                $"This client already has {limit} transfers in flight with this peer, the most it may (max_transfers_per_client); retry when one ends.");
        }
        try
        {
            return await call();
        }
        finally
        {
            slots.Release(client);
        }
    }
}
