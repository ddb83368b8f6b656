namespace P2P.Tests.Integration;

/// <summary>
/// The classes that only read the network or add files and peers of their own (unique names, removed again) share one
/// running app: starting and stopping an app costs more than most of their tests, and none of them disturbs another.
/// Classes that stop, restart or reconfigure a resource keep an app of their own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedNetwork : ICollectionFixture<AppHostFixture>
{
    public const string Name = "Shared network";
}
