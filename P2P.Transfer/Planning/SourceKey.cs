namespace P2P.Transfer.Planning;

/// <summary>
/// A source's place in one download's plan, equal only to itself: a remote party can claim any peer id, another
/// source's too, so the plan never keys its sources by what they say. <see cref="Name"/> is for people reading a trace.
/// </summary>
public sealed class SourceKey(string name)
{
    public string Name { get; } = name;

    public override string ToString() => Name;
}
