using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using P2P.Contracts.Maestro;
using P2P.Maestro.Directory;
using P2P.Peer.Registration;

namespace P2P.Tests.Unit;

/// <summary>Issue 26 item 7: an id stays its certificate's across restarts of the Maestro, and a refused node says why.</summary>
public sealed class Issue26Item7IdSquattingTests : IDisposable
{
    private static readonly string s_owner = DirectoryKit.Certificate(1);
    private static readonly string s_squatter = DirectoryKit.Certificate(2);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly TempFolder _state = new();

    [Fact]
    public void Item7_a_member_squatting_an_id_after_a_restart_is_refused_the_owner_is_accepted_and_after_the_grace_the_id_is_free()
    {
        var options = DirectoryKit.Options(_state.Path);
        DirectoryKit.Create(_time, options).Register(DirectoryKit.Peer("P1"), s_owner, null);

        var restarted = DirectoryKit.Create(_time, options, out var claims);
        var squatted = restarted.Register(DirectoryKit.Peer("P1"), s_squatter, null);
        var owner = restarted.Register(DirectoryKit.Peer("P1"), s_owner, null);

        Assert.Equal(PeerWrite.IdClaimed, squatted.Outcome);
        Assert.Equal(s_owner, squatted.PreviousFingerprint);
        Assert.Equal(PeerWrite.Done, owner.Outcome);
        Assert.Equal(s_owner, restarted.Find("P1")!.Fingerprint);

        // Seen a day later, then silent: the grace runs from the last heartbeat, which the sweeper saves.
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(PeerWrite.Done, restarted.Heartbeat("P1", owner.LeaseToken));
        claims.SaveIfChanged(_time.GetUtcNow());
        _time.Advance(options.IdGrace);
        var later = DirectoryKit.Create(_time, options);
        Assert.Equal(PeerWrite.IdClaimed, later.Register(DirectoryKit.Peer("P1"), s_squatter, null).Outcome);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(PeerWrite.Done, later.Register(DirectoryKit.Peer("P1"), s_squatter, null).Outcome);
    }

    [Fact]
    public void Item7_registering_and_leaving_reserves_no_more_ids_than_a_certificate_may_hold()
    {
        var directory = DirectoryKit.Create(_time, DirectoryKit.Options(_state.Path));
        foreach (var id in Enumerable.Range(0, 12).Select(i => $"S{i}"))
        {
            var lease = directory.Register(DirectoryKit.Peer(id), s_squatter, null).LeaseToken;
            Assert.Equal(PeerWrite.Done, directory.Remove(id, lease));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(4, Enumerable.Range(0, 12).Count(i => directory.Register(DirectoryKit.Peer($"S{i}"), s_owner, null).Outcome == PeerWrite.IdClaimed));
    }

    [Fact]
    public void Item7_the_reservations_file_is_owner_only_and_read_back_as_untrusted_input()
    {
        var options = DirectoryKit.Options(_state.Path);
        DirectoryKit.Create(_time, options).Register(DirectoryKit.Peer("P1"), s_owner, null);
        var path = Path.Combine(_state.Path, IdClaimsFile.FileName);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var future = _time.GetUtcNow().AddDays(1).ToString("O");
        File.WriteAllText(path, $$"""
            [{"id":"../P1","fingerprint":"{{s_owner}}","last_seen":"{{future}}"},{"id":"P2","fingerprint":"not-hex","last_seen":"2026-11-25T12:00:00Z"},
             {"id":"P3","fingerprint":"{{s_owner}}","last_seen":"{{future}}"},null,{"id":"P4","fingerprint":"{{s_owner}}","last_seen":"2026-11-25T11:00:00Z"}]
            """);
        var claims = new IdClaims(_time, Options.Create(options), NullLogger<IdClaims>.Instance);
        Assert.Equal(1, claims.Count);
        Assert.Equal(s_owner, claims.HolderOf("P4", _time.GetUtcNow()));

        File.WriteAllText(path, "{ not json");
        Assert.Equal(0, new IdClaims(_time, Options.Create(options), NullLogger<IdClaims>.Instance).Count);
    }

    [Fact]
    public async Task Item7_the_refused_peer_says_why_on_its_health_check_and_once_in_its_log_not_at_every_attempt()
    {
        var refusal = new RegistrationRefusals(_time, NullLogger<PeerDirectory>.Instance).IdClaimed("P1", s_squatter, s_owner, 7);
        var problem = new ProblemDetails { Title = refusal.ProblemDetails.Title, Status = 403, Detail = refusal.ProblemDetails.Detail };
        using var peer = new TransferTestPeer("P1");
        var state = new RegistrationState();
        var log = new WarningCollector();
        var registrar = new MaestroRegistrar(
            peer.Catalog,
            MaestroAnswerTests.Client(
                _ => CannedHandler.With(JsonContent.Create(problem, mediaType: new("application/problem+json")), HttpStatusCode.Forbidden)),
            new LeaseStore(peer.Folder), state, peer.RegistrationTelemetry, Options.Create(peer.Options), _time, log);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.False(await registrar.RegisterAsync(TestContext.Current.CancellationToken));
        }
        var health = await new RegistrationHealthCheck(state).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("Refused by the Maestro", health.Description);
        Assert.Contains("belongs to another certificate", health.Description);
        Assert.Contains("belongs to another certificate", Assert.Single(log.Warnings));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(await registrar.RegisterAsync(TestContext.Current.CancellationToken));
        Assert.Equal(2, log.Warnings.Count);
    }

    public void Dispose() => _state.Dispose();

    private sealed class WarningCollector : ILogger<MaestroRegistrar>
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }
}
