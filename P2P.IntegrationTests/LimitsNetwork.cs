namespace P2P.Tests.Integration;

/// <summary>The classes that run into the limits of one <see cref="LimitsFixture"/> app, one after another.</summary>
[CollectionDefinition(Name)]
public sealed class LimitsNetwork : ICollectionFixture<LimitsFixture>
{
    public const string Name = "Limits network";
}
