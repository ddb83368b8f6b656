using System.Net;
using System.Net.Http.Json;
using P2P.Contracts.Maestro;
using P2P.Contracts.Peers;
using P2P.Contracts.Transfer.V1;
using P2P.Peer.Files;
using P2P.Peer.Registration;
using P2P.Peer.Status;

namespace P2P.Tests.Integration;

/// <summary>The seed's network under Aspire: registration, listing and lookup across the Maestro and three peers.</summary>
[Collection(SharedNetwork.Name)]
public sealed class NetworkTests(AppHostFixture network)
{
    private static readonly TimeSpan s_propagation = TimeSpan.FromSeconds(20);
    private readonly HttpClient _maestro = network.Client("maestro");

    [Fact]
    public async Task Every_service_reports_healthy_and_alive()
    {
        foreach (var resource in AppHostFixture.PeerNames.Prepend("maestro"))
        {
            var client = network.Client(resource);
            Assert.Equal("Healthy", await client.GetStringAsync("/health", TestContext.Current.CancellationToken));
            Assert.Equal("Healthy", await client.GetStringAsync("/alive", TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task Peers_lists_P1_P2_P3_at_the_addresses_the_orchestrator_gave_them()
    {
        var peers = await _maestro.GetJsonAsync<List<PeerSummary>>("/peers");

        Assert.Equal(["P1", "P2", "P3"], peers.Select(p => p.Id));
        for (var i = 0; i < 3; i++)
        {
            var name = AppHostFixture.PeerNames[i];
            Assert.Equal(network.Endpoint(name, "http").GetLeftPart(UriPartial.Authority), new Uri(peers[i].RestUrl).GetLeftPart(UriPartial.Authority));
        }
        for (var i = 0; i < 3; i++)
        {
            // Other classes on this app add files, so each count is checked against the peer's own listing.
            var files = await network.Client(AppHostFixture.PeerNames[i]).GetJsonAsync<List<SharedFileEntry>>("/files");
            Assert.Equal(files.Count, peers[i].FileCount);
        }
    }

    [Fact]
    public async Task Peers_advertise_their_own_grpc_port_past_the_orchestrators_proxy_and_serve_there()
    {
        var p1 = (await _maestro.GetJsonAsync<List<PeerSummary>>("/peers")).Single(p => p.Id == "P1");
        var direct = network.Members.For(p1.GrpcUrl, p1.Fingerprint);

        var manifest = await new FileTransfer.FileTransferClient(direct).GetManifestAsync(
            new GetManifestRequest { FileName = SampleFiles.OnlyP1 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEqual(network.Endpoint("peer1", "grpc").Port, new Uri(p1.GrpcUrl).Port);
        Assert.Equal(SampleFiles.OnlyP1, manifest.FileName);
    }

    [Fact]
    public async Task Maestro_status_counts_live_peers_and_files()
    {
        var status = await _maestro.GetJsonAsync<MaestroStatus>("/");

        Assert.Equal("maestro", status.Service);
        Assert.Equal(3, status.Peers);
        Assert.True(status.Files >= 3, $"{status.Files} distinct files");
        Assert.True(status.UptimeSeconds > 0);
    }

    [Fact]
    public async Task Locate_names_the_peers_holding_a_file_with_their_hashes()
    {
        var located = await _maestro.GetJsonAsync<LocateResponse>($"/locate?file={SampleFiles.Shared}");

        Assert.Equal(SampleFiles.Shared, located.File);
        Assert.Equal(["P1", "P2"], located.Peers.Select(p => p.Id));
        Assert.All(located.Peers, p =>
        {
            Assert.Equal(SampleFiles.Sha256(SampleFiles.SharedContent), p.Sha256);
            Assert.Equal(SampleFiles.SharedContent.Length, p.Size);
        });
    }

    [Fact]
    public async Task Locate_of_a_file_nobody_has_is_a_404_problem()
    {
        using var response = await _maestro.GetAsync("/locate?file=no-such-file.bin", TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("no-such-file.bin", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/locate?file=..%2Fetc%2Fpasswd")]
    [InlineData("/locate?file=")]
    [InlineData("/locate")]
    [InlineData("/locate?file=a%00b")]
    public async Task Locate_of_a_name_that_is_not_a_plain_file_name_is_a_400_problem_everywhere(string path)
    {
        foreach (var resource in new[] { "maestro", "peer1" })
        {
            using var response = await network.Client(resource).GetAsync(path, TestContext.Current.CancellationToken);
            await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        }
        using var search = await network.Client("peer2").GetAsync(path.Replace("/locate", "/search"), TestContext.Current.CancellationToken);
        await search.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    // Data from this assembly: xunit's analyzer cannot read a member declared in another one (xunit/xunit#3474).
    public static TheoryData<string> Hostile => HostileNames.Names;

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Every_hostile_name_is_a_400_problem_on_every_surface(string name)
    {
        var query = Uri.EscapeDataString(name);
        var token = TestContext.Current.CancellationToken;

        using var maestroLocate = await _maestro.GetAsync($"/locate?file={query}", token);
        using var peerLocate = await network.Client("peer1").GetAsync($"/locate?file={query}", token);
        using var search = await network.Client("peer2").GetAsync($"/search?file={query}", token);
        using var download = await network.ControlClient("peer3").PostAsJsonAsync("/downloads", new { file = name }, token);

        await maestroLocate.AssertProblemAsync(HttpStatusCode.BadRequest);
        await peerLocate.AssertProblemAsync(HttpStatusCode.BadRequest);
        await search.AssertProblemAsync(HttpStatusCode.BadRequest);
        await download.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_peer_lists_its_files_and_answers_search_with_size_and_hash()
    {
        var peer1 = network.Client("peer1");

        var files = await peer1.GetJsonAsync<List<SharedFileEntry>>("/files");
        var hit = await peer1.GetJsonAsync<SearchResult>($"/search?file={SampleFiles.Shared}");
        var miss = await peer1.GetJsonAsync<SearchResult>($"/search?file={SampleFiles.OnlyP3}");

        Assert.Contains(files, f => f.Name == SampleFiles.Shared && f.Sha256 == SampleFiles.Sha256(SampleFiles.SharedContent));
        Assert.Contains(files, f => f.Name == SampleFiles.OnlyP1);
        Assert.DoesNotContain(files, f => f.Name == SampleFiles.OnlyP3);
        Assert.True(hit.Found);
        Assert.Equal("P1", hit.Id);
        Assert.Equal(SampleFiles.Sha256(SampleFiles.SharedContent), hit.Sha256);
        Assert.False(miss.Found);
        Assert.Null(miss.Sha256);
    }

    [Fact]
    public async Task Info_and_status_describe_the_peer_as_the_network_sees_it()
    {
        var info = await network.Client("peer3").GetJsonAsync<PeerInfo>("/info");
        var status = await network.Client("peer3").GetJsonAsync<PeerStatus>("/");
        var listed = (await _maestro.GetJsonAsync<List<PeerSummary>>("/peers")).Single(p => p.Id == "P3");

        Assert.Equal("P3", info.Id);
        Assert.Equal(listed.GrpcUrl, info.GrpcUrl);
        Assert.Equal(new Uri(listed.GrpcUrl).Port, info.GrpcPort);
        Assert.Contains(info.Files, f => f.Name == SampleFiles.OnlyP3);
        Assert.DoesNotContain(info.Files, f => f.Name == SampleFiles.OnlyP1);
        Assert.True(status.Registered);
        Assert.Equal(network.TlsUrl("peer1"), status.FriendPeerPrimary);
        Assert.Equal(network.TlsUrl("peer2"), status.FriendPeerBackup);
    }

    [Fact]
    public async Task A_peer_finds_a_file_it_lacks_through_its_friends()
    {
        var located = await network.Client("peer1").GetJsonAsync<PeerLocateResponse>($"/locate?file={SampleFiles.OnlyP3}");
        var local = await network.Client("peer1").GetJsonAsync<PeerLocateResponse>($"/locate?file={SampleFiles.OnlyP1}");

        Assert.Equal("friends", located.FoundBy);
        Assert.Equal("P3", Assert.Single(located.Peers).Id);
        Assert.Equal(SampleFiles.Sha256("only on the third peer"), located.Peers[0].Sha256);
        Assert.Equal("local", local.FoundBy);
    }

    [Fact]
    public async Task A_file_dropped_into_a_shared_folder_becomes_locatable_and_leaves_when_deleted()
    {
        var name = $"dropped-{Guid.NewGuid():N}.txt";
        var path = network.Write("peer2", name, "dropped at run time");

        var located = await Eventually.ReturnsAsync(
            ct => _maestro.GetAsync($"/locate?file={name}", ct), r => r.IsSuccessStatusCode, s_propagation, $"{name} locatable");
        var body = await located.Content.ReadFromJsonAsync<LocateResponse>(P2P.Contracts.SnakeCaseJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal("P2", Assert.Single(body!.Peers).Id);

        File.Delete(path);
        await Eventually.ReturnsAsync(
            ct => _maestro.GetAsync($"/locate?file={name}", ct), r => r.StatusCode == HttpStatusCode.NotFound, s_propagation, $"{name} gone");
    }

    [Fact]
    public async Task Refresh_rescans_and_registers_at_once()
    {
        using var peer3 = network.ControlClient("peer3");

        using var response = await peer3.PostAsync("/refresh", content: null, TestContext.Current.CancellationToken);
        var result = await response.Content.ReadFromJsonAsync<RefreshResult>(P2P.Contracts.SnakeCaseJson.Options, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(result!.Registered);
        Assert.Null(result.RegistrationError);
        Assert.Equal((await peer3.GetJsonAsync<List<SharedFileEntry>>("/files")).Count, result.Files);
    }

    [Fact]
    public async Task The_maestro_refuses_malformed_and_invalid_registrations_with_problem_details()
    {
        using var member = network.MemberClient("maestro");
        using var malformed = await member.PostAsync("/register",
            new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        using var invalid = await member.PostAsJsonAsync("/register",
            new
            {
                id = "intruder", rest_url = "http://x", grpc_url = "http://y",
                files = new[] { new { name = "../../etc/passwd", size = 1, sha256 = new string('0', 64) } },
            },
            TestContext.Current.CancellationToken);

        await malformed.AssertProblemAsync(HttpStatusCode.BadRequest);
        var problem = await invalid.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("files[0]", out _));
        var peers = await _maestro.GetJsonAsync<List<PeerSummary>>("/peers");
        Assert.DoesNotContain(peers, p => p.Id == "intruder");
    }

    [Fact]
    public async Task A_heartbeat_from_an_unknown_peer_is_told_to_register()
    {
        using var member = network.MemberClient("maestro");
        using var response = await member.PutAsync("/peers/P404/heartbeat", content: null, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
