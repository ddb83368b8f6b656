using Polly;

namespace P2P.Peer;

/// <summary>The failures a call to another node can end in that say "unreachable or refused", not "bug".</summary>
public static class RemoteCallFailure
{
    public static bool IsExpected(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or ExecutionRejectedException or System.Text.Json.JsonException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
