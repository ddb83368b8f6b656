using Grpc.Core;
using Microsoft.Extensions.Options;

namespace P2P.Peer.Grpc;

/// <summary>Wraps a caller's request stream in the idle limit every streaming call of the transfer service has (<c>fetch_idle_seconds</c>).</summary>
public sealed class IdleLimits(IOptions<PeerOptions> options, TimeProvider time)
{
    public IdleLimitedReader<T> Limit<T>(IAsyncStreamReader<T> callerStream)
        where T : class =>
        new(callerStream, TimeSpan.FromSeconds(options.Value.FetchIdleSeconds), time);
}
