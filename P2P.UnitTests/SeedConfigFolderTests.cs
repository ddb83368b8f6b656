using P2P.Hosting.Configuration;

namespace P2P.Tests.Unit;

/// <summary>
/// A seed-style config.json works from any working directory: the folders it names relative to itself are its own,
/// never the launching shell's (a Maestro's <c>state_dir</c> once landed in whatever folder it was started from).
/// </summary>
public sealed class SeedConfigFolderTests : IDisposable
{
    private static readonly Dictionary<string, string> s_ports = new() { ["http"] = "port" };
    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData("Maestro", "state_dir")]
    [InlineData("Peer", "shared_dir")]
    public void A_relative_folder_is_taken_from_the_config_files_folder(string section, string key)
    {
        var path = _folder.Write(Path.Combine("node", "config.json"), $$"""{ "port": 9000, "{{key}}": "state/here" }""");

        var values = SeedConfigFile.Read(path, section, s_ports, "http");

        Assert.Equal(Path.Combine(_folder.Path, "node", "state", "here"), values[$"{section}:{key}"]);
    }

    [Fact]
    public void An_absolute_folder_is_kept_as_it_is()
    {
        var elsewhere = Path.Combine(Path.GetTempPath(), "p2p-elsewhere");
        var path = _folder.Write("config.json", $$"""{ "port": 9000, "state_dir": {{System.Text.Json.JsonSerializer.Serialize(elsewhere)}} }""");

        Assert.Equal(elsewhere, SeedConfigFile.Read(path, "Maestro", s_ports, "http")["Maestro:state_dir"]);
    }

    public void Dispose() => _folder.Dispose();
}
