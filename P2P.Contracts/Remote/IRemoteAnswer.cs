namespace P2P.Contracts.Remote;

/// <summary>A document read from another node, which is never trusted: it checks itself before anything uses it.</summary>
public interface IRemoteAnswer<out TSelf>
{
    /// <summary>
    /// This answer without the list entries that break their rules, each reason added to <paramref name="dropped"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The document as a whole is unusable (a field missing or absurd).</exception>
    TSelf Checked(ICollection<string> dropped);
}
