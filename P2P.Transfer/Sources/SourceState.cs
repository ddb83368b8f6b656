namespace P2P.Transfer.Sources;

/// <summary>Whether a download still takes chunks from a source; the REST API writes it in lower case.</summary>
public enum SourceState
{
    Active,

    /// <summary>It sent bytes that do not match the manifest: never asked again for this download.</summary>
    Dropped,

    /// <summary>It kept failing (unreachable, stopped, silent): another round of discovery may bring it back.</summary>
    Failed,
}
