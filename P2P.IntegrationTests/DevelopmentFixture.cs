namespace P2P.Tests.Integration;

/// <summary>The usual network run as <c>dotnet run</c> on the AppHost runs it, in the Development environment (OpenAPI documents served).</summary>
public sealed class DevelopmentFixture : AppHostFixture
{
    protected override IEnumerable<string> ExtraArgs => ["--environment=Development"];
}
