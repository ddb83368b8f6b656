namespace P2P.Maestro.Directory;

/// <summary>
/// A uniform random sample of at most <c>size</c> items from a sequence of unknown length, in one pass (reservoir
/// sampling): every item is equally likely to be drawn, so no holder of a file can be crowded out of every answer.
/// </summary>
internal sealed class HolderSample<T>(int size)
{
    private int _seen;

    public List<T> Drawn { get; } = [];

    public void Offer(T item)
    {
        _seen++;
        if (Drawn.Count < size)
        {
            Drawn.Add(item);
        }
        else if (Random.Shared.Next(_seen) is var slot && slot < size)
        {
            Drawn[slot] = item;
        }
    }
}
