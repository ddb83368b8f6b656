using Grpc.Core;

namespace P2P.Tests.Unit;

/// <summary>A caller that sends the given messages and then goes quiet, without ending its stream, until the read is cancelled.</summary>
public sealed class QuietStreamReader<T>(IEnumerable<T> messages) : IAsyncStreamReader<T>
    where T : class
{
    private readonly IEnumerator<T> _messages = messages.GetEnumerator();

    /// <summary>Completes when the reader has nothing more to give and waits.</summary>
    public TaskCompletionSource Quiet { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public T Current => _messages.Current;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (_messages.MoveNext())
        {
            return true;
        }
        Quiet.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return false;
    }
}
