namespace P2P.Transfer;

/// <summary>A verified file could not be published because another version is shared under the same name.</summary>
public sealed class FileVersionConflictException(string name)
    : IOException($"A different version of '{name}' is already shared; it is never overwritten.")
{
    public string Name { get; } = name;
}
