namespace P2P.Transfer.Sources;

/// <summary>
/// What a source has delivered to one download, and whether it is still used: one record for all of the source's
/// streams, each of which may deliver, fail or find it lying.
/// </summary>
public sealed class SourceHealth
{
    /// <summary>Failures in a row (with no chunk delivered between them) after which a source is set aside.</summary>
    public const int MaxFailures = 3;

    private int _chunks;
    private long _bytes;
    private readonly Lock _changing = new();
    private int _failures;
    private volatile SourceState _state = SourceState.Active;
    private volatile string? _error;

    public SourceState State => _state;

    public string? Error => _error;

    public int Chunks => Volatile.Read(ref _chunks);

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>A verified chunk of <paramref name="bytes"/> bytes was kept; the failures before it are forgiven.</summary>
    public void Delivered(int bytes)
    {
        Interlocked.Increment(ref _chunks);
        Interlocked.Add(ref _bytes, bytes);
        Volatile.Write(ref _failures, 0);
    }

    /// <summary>The source sent what no honest source sends: it is never asked again for this download.</summary>
    public void Drop(string why)
    {
        lock (_changing)
        {
            _state = SourceState.Dropped;
            _error = why;
        }
    }

    /// <summary>
    /// A call failed: the source is set aside if the failure is fatal or one too many. Once it is set aside, what its other
    /// streams fail with afterwards (often only the ending of their calls) does not replace the reason.
    /// </summary>
    public void Fail(FetchFailure failure)
    {
        // Streams fail together when a source goes away: the check and the change are one step, or a later one wins.
        lock (_changing)
        {
            if (_state != SourceState.Active)
            {
                return;
            }
            _error = failure.Why;
            if (failure.Fatal || ++_failures >= MaxFailures)
            {
                _state = SourceState.Failed;
            }
        }
    }
}
