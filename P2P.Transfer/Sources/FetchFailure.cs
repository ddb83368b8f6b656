using Grpc.Core;

namespace P2P.Transfer.Sources;

/// <summary>What an error ending a source's <c>Fetch</c> call says about the source: why it stopped, and whether it is set aside at once.</summary>
public readonly record struct FetchFailure(string Why, bool Fatal)
{
    /// <summary>
    /// The failure <paramref name="error"/> stands for, thrown while the source was sending <paramref name="chunk"/>
    /// (<paramref name="filled"/> bytes of it in) and the download was not cancelled.
    /// </summary>
    public static FetchFailure Of(Exception error, int chunk, int filled, TimeSpan silenceLimit) => error switch
    {
        // A lost connection is Unavailable, a malformed message Internal (FetchMessagesBindingTests). Unavailable is a stopped
        // or unreachable peer: set aside at once, its chunks go to the others, and the job's rediscovery gives it another
        // chance if no source is left. Other statuses get a few tries.
        RpcException e => new(RemoteText.Why(e),
            e.StatusCode is StatusCode.Unavailable or StatusCode.NotFound or StatusCode.FailedPrecondition or StatusCode.InvalidArgument),
        // Not the download's token: the wait budget ran out, on a source gone silent or one that drips its bytes.
        OperationCanceledException => new(filled > 0
            ? $"DeadlineExceeded: sent {filled} bytes of chunk {chunk} in {silenceLimit.TotalSeconds} s of waiting, too slow to keep"
            : $"DeadlineExceeded: sent nothing for {silenceLimit.TotalSeconds} s while sending chunk {chunk}", true),
        // Whatever else a call throws is that source failing, not the download.
        _ => new($"{error.GetType().Name}: {RemoteText.Quote(error.Message)}", true),
    };
}
