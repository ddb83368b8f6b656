namespace P2P.Tests.Integration;

/// <summary>
/// The classes that kill processes, fill disks and flood services: run one after another, and alone once the other
/// classes are done, so their load does not slow a restart elsewhere past its timeout (nor theirs).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection
{
    public const string Name = "Faults";
}
