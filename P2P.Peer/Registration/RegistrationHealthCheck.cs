using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace P2P.Peer.Registration;

/// <summary>A peer is ready only while the Maestro knows it: until then nobody can find its files.</summary>
public sealed class RegistrationHealthCheck(RegistrationState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        return Task.FromResult(state.IsRegistered
            ? HealthCheckResult.Healthy($"Registered with {state.RegisteredFiles} files at {state.LastRegisteredAt:O}.")
            : HealthCheckResult.Unhealthy($"Not registered with the Maestro: {state.LastError ?? "not yet attempted"}."));
    }
}
