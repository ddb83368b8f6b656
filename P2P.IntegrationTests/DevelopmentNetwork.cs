namespace P2P.Tests.Integration;

/// <summary>
/// The network as <c>dotnet run</c> runs it, shared by the classes that stop or restart its parts and leave it whole
/// again, and those that read what Development serves: one after another, so none sees another's stopped resource.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DevelopmentNetwork : ICollectionFixture<DevelopmentFixture>
{
    public const string Name = "Development network";
}
