namespace P2P.Contracts.Remote;

/// <summary>One entry of a list in another node's answer (a location, a listed file, a peer), judged on its own.</summary>
public interface IRemoteEntry
{
    /// <summary>Why this entry cannot be used, or null when it can.</summary>
    string? Validate();
}
