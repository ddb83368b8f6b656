using Microsoft.Extensions.Options;
using P2P.Connections;

namespace P2P.Peer.Ui;

/// <summary>
/// Whether this peer's friends answer: one request to each friend's TLS port over the connection lookups use (any HTTP
/// answer means it is up and proved the network key), at most once per <see cref="FreshFor"/> however often pages ask.
/// </summary>
public sealed class FriendProbe(PeerChannels channels, IOptions<PeerOptions> options, TimeProvider time)
{
    /// <summary>How long an answer is shown before a friend is asked again: pages reload, friends need not be called each time.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _one = new(1, 1);
    private IReadOnlyList<UiFriend>? _last;
    private DateTimeOffset _checkedAt;

    public async Task<IReadOnlyList<UiFriend>> CheckAsync(CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            if (_last is null || time.GetUtcNow() - _checkedAt >= FreshFor)
            {
                var peer = options.Value;
                var friends = new[] { ("primary", peer.FriendPeerPrimary), ("backup", peer.FriendPeerBackup) }.Where(f => !string.IsNullOrEmpty(f.Item2));
                _last = await Task.WhenAll(friends.Select(f => AskAsync(f.Item1, f.Item2!, cancellationToken)));
                _checkedAt = time.GetUtcNow();
            }
            return _last;
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<UiFriend> AskAsync(string role, string url, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMilliseconds(options.Value.FriendTimeoutMs));
        try
        {
            using var invoker = channels.Invoker(url);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(url), "/"));
            using var response = await invoker.SendAsync(request, deadline.Token);
            return new UiFriend(role, url, true, $"answered {(int)response.StatusCode}", time.GetUtcNow());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new UiFriend(role, url, false, $"no answer within {options.Value.FriendTimeoutMs} ms", time.GetUtcNow());
        }
        catch (Exception e) when (RemoteCallFailure.IsExpected(e, cancellationToken))
        {
            return new UiFriend(role, url, false, e.Message, time.GetUtcNow());
        }
    }
}

/// <summary>One friend as the Network page shows it: whether it answered the last probe, and what it said.</summary>
public sealed record UiFriend(string Role, string Url, bool Answers, string Detail, DateTimeOffset CheckedAt);
