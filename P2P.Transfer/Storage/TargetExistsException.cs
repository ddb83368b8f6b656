namespace P2P.Transfer.Storage;

/// <summary>A move into a folder was refused because something already has the destination's name.</summary>
public sealed class TargetExistsException(string destination)
    : IOException($"'{destination}' already exists; it is never replaced.", 17)
{
    public string Destination { get; } = destination;
}
