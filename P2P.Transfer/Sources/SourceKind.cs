namespace P2P.Transfer.Sources;

/// <summary>What a source holds of the version: the REST API writes it in lower case.</summary>
public enum SourceKind
{
    /// <summary>Every chunk: a seed.</summary>
    Complete,

    /// <summary>Only some chunks, since it is still downloading the version itself.</summary>
    Partial,
}
