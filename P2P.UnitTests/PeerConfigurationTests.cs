using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using P2P.Hosting.Configuration;
using P2P.Peer;

namespace P2P.Tests.Unit;

public sealed class PeerConfigurationTests : IDisposable
{
    private static readonly Dictionary<string, string> s_peerPorts = new() { ["http"] = "port", ["grpc"] = "grpc_port" };
    private readonly TempFolder _folder = new();

    [Fact]
    public void The_seed_config_json_keys_bind_to_peer_options()
    {
        var path = _folder.Write("config.json", """
            {
              "id": "P2",
              "ip": "0.0.0.0",
              "port": 8001,
              "grpc_port": 50052,
              "shared_dir": "peer2/shared",
              "maestro_url": "https://localhost:9443",
              "friend_peer_primary": "https://localhost:50053",
              "friend_peer_backup": "https://localhost:50051",
              "network_key": "a-key-of-sixteen-or-more"
            }
            """);

        var configuration = Load(path);
        var options = Bind(configuration);

        Assert.Equal("P2", options.Id);
        Assert.Equal(8001, options.Port);
        Assert.Equal(50052, options.GrpcPort);
        Assert.Equal(Path.Combine(_folder.Path, "peer2", "shared"), options.SharedDir);
        Assert.Equal("https://localhost:9443", options.MaestroUrl);
        Assert.Equal(["https://localhost:50053", "https://localhost:50051"], options.Friends);
        Assert.Equal("a-key-of-sixteen-or-more", options.NetworkKey);
        Assert.Equal("http://localhost:8001", options.AdvertisedRestUrl);
        Assert.Equal("https://localhost:50052", options.AdvertisedGrpcUrl);
        Assert.Empty(Validate(options));
        // The plain REST port serves this machine; the TLS port (its certificate set in code) every interface.
        Assert.Equal("http://localhost:8001", configuration["Kestrel:Endpoints:http:Url"]);
        Assert.Equal("http://*:50052", configuration["Kestrel:Endpoints:grpc:Url"]);
    }

    [Fact]
    public void Every_repository_peer_config_is_valid_but_for_the_network_key_it_must_never_hold()
    {
        var root = RepositoryRoot.Path;
        foreach (var n in new[] { 1, 2, 3 })
        {
            var options = Bind(Load(Path.Combine(root, "peers", $"peer{n}", "config.json")));

            Assert.Equal($"P{n}", options.Id);
            Assert.Equal(8000 + n - 1, options.Port);
            Assert.Equal(50051 + n - 1, options.GrpcPort);
            Assert.Equal(Path.Combine(root, "peers", $"peer{n}", "shared"), options.SharedDir);
            Assert.True(Directory.Exists(options.SharedDir));
            Assert.Equal(["network_key"], Validate(options).SelectMany(r => r.MemberNames));
        }
    }

    [Fact]
    public void A_specific_ip_is_both_listened_on_and_advertised()
    {
        var configuration = Load(_folder.Write(
            "c.json", """{ "id": "P1", "ip": "127.0.0.2", "port": 8100, "grpc_port": 50100, "shared_dir": "s", "maestro_url": "http://m" }"""));

        var options = Bind(configuration);

        Assert.Equal("http://localhost:8100", configuration["Kestrel:Endpoints:http:Url"]);
        Assert.Equal("http://127.0.0.2:50100", configuration["Kestrel:Endpoints:grpc:Url"]);
        Assert.Equal("http://127.0.0.2:8100", options.AdvertisedRestUrl);
        Assert.Equal("https://127.0.0.2:50100", options.AdvertisedGrpcUrl);
    }

    [Fact]
    public void A_plain_http_maestro_or_friend_is_refused_at_start_since_nodes_speak_over_TLS_only()
    {
        var options = Bind(Load(_folder.Write("plain.json",
            """
            { "id": "P1", "shared_dir": "s", "maestro_url": "http://localhost:9000", "friend_peer_primary": "http://localhost:8001",
             "network_key": "0123456789abcdef" }
            """)));

        var errors = Validate(options).ToList();

        Assert.Equal(["friend_peer_primary", "maestro_url"], errors.SelectMany(r => r.MemberNames).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.Contains("TLS address (https://", e.ErrorMessage));
    }

    [Fact]
    public void Missing_and_out_of_range_settings_are_reported_by_validation()
    {
        var options = Bind(Load(_folder.Write("bad.json", """{ "id": "P1", "port": 0, "grpc_port": 70000, "maestro_url": "http://m" }""")));

        var errors = Validate(options).SelectMany(r => r.MemberNames).ToList();

        Assert.Equal(["GrpcPort", "Port", "SharedDir"], errors.Order());
    }

    [Fact]
    public void Malformed_ids_and_urls_are_reported_by_validation()
    {
        var options = Bind(Load(_folder.Write("bad.json", """
            { "id": "P 1", "shared_dir": "s", "maestro_url": "not a url", "friend_peer_primary": "nope", "network_key": "0123456789abcdef" }
            """)));

        var errors = Validate(options).SelectMany(r => r.MemberNames).ToList();

        Assert.Equal(["friend_peer_primary", "Id", "maestro_url"], errors.Order(StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Max_upload_bytes_defaults_to_4_GiB_binds_from_config_and_cannot_be_negative()
    {
        var unset = Bind(Load(_folder.Write("a.json", """{ "id": "P1", "shared_dir": "s", "maestro_url": "http://m" }""")));
        var set = Bind(Load(_folder.Write("b.json", """{ "id": "P1", "shared_dir": "s", "maestro_url": "http://m", "max_upload_bytes": 1048576 }""")));
        var negative = Bind(Load(_folder.Write("c.json", """{ "id": "P1", "shared_dir": "s", "maestro_url": "http://m", "max_upload_bytes": -1 }""")));

        Assert.Equal(4_294_967_296, unset.MaxUploadBytes);
        Assert.Equal(1_048_576, set.MaxUploadBytes);
        Assert.Equal(["MaxUploadBytes"], Validate(negative).SelectMany(r => r.MemberNames));
    }

    [Fact]
    public void A_missing_config_file_is_a_clear_error()
    {
        var missing = Path.Combine(_folder.Path, "nope.json");

        var error = Assert.Throws<FileNotFoundException>(() => Load(missing));

        Assert.Contains(missing, error.Message);
        Assert.Equal(missing, SeedConfigFile.FindPath(["--config=" + missing]));
        Assert.Throws<ArgumentException>(() => SeedConfigFile.FindPath(["--config"]));
        Assert.Null(SeedConfigFile.FindPath(["--other", "x"]));
    }

    public void Dispose() => _folder.Dispose();

    internal static IConfiguration Load(string path) =>
        new ConfigurationBuilder().AddSeedConfigFile(["--config", path], PeerOptions.SectionName, s_peerPorts, "grpc").Build();

    internal static PeerOptions Bind(IConfiguration configuration)
    {
        var options = new PeerOptions();
        configuration.GetSection(PeerOptions.SectionName).Bind(options);
        return options;
    }

    internal static List<ValidationResult> Validate(PeerOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
