using P2P.Contracts.Remote;
using Polly;

namespace P2P.Peer;

/// <summary>
/// The failures a call to another node can end in that say "unreachable or refused", not "bug": an answer that was
/// refused (<see cref="RemoteAnswerException"/>) counts as no answer.
/// </summary>
public static class RemoteCallFailure
{
    public static bool IsExpected(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or RemoteAnswerException or ExecutionRejectedException or System.Text.Json.JsonException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
