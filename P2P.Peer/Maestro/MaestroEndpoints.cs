using Microsoft.Extensions.Options;

namespace P2P.Peer.Maestro;

/// <summary>
/// Which of the configured Maestros (<see cref="PeerOptions.MaestroUrls"/>) a call goes to first: the first one while
/// it answers; after one does not, the next in turn; and the first again <see cref="FailbackAfter"/> after the peer left it.
/// </summary>
public sealed class MaestroEndpoints(IOptions<PeerOptions> options, TimeProvider time)
{
    /// <summary>How long the peer stays away from its first Maestro once that stopped answering: a few heartbeats.</summary>
    public static readonly TimeSpan FailbackAfter = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private int _current;
    private DateTimeOffset _leftFirstAt;

    public IReadOnlyList<Uri> Urls { get; } = [.. options.Value.MaestroUrls.Select(url => new Uri(url))];

    /// <summary>The Maestro to try first now.</summary>
    public int Current
    {
        get
        {
            lock (_lock)
            {
                if (_current != 0 && time.GetUtcNow() - _leftFirstAt >= FailbackAfter)
                {
                    _current = 0;
                }
                return _current;
            }
        }
    }

    /// <summary>Moves on from <paramref name="maestro"/>, which did not answer, unless another call already did; returns the next.</summary>
    public int Failed(int maestro)
    {
        lock (_lock)
        {
            if (_current == maestro)
            {
                _current = (maestro + 1) % Urls.Count;
                if (maestro == 0)
                {
                    _leftFirstAt = time.GetUtcNow();
                }
            }
            return (maestro + 1) % Urls.Count;
        }
    }
}
