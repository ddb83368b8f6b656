namespace P2P.Transfer.Storage;

/// <summary>A reservation that holds nothing, for a target whose only limit is its disk.</summary>
public sealed class NoReservation : IDisposable
{
    public static readonly NoReservation Instance = new();

    private NoReservation()
    {
    }

    public void Dispose()
    {
    }
}
