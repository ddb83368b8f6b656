namespace P2P.Peer.Registration;

/// <summary>Whether the Maestro currently knows this peer, as the last exchange with it showed.</summary>
public sealed class RegistrationState
{
    private volatile Snapshot _current = new(false, null, null, 0);

    public bool IsRegistered => _current.Registered;

    public DateTimeOffset? LastRegisteredAt => _current.LastRegisteredAt;

    public string? LastError => _current.LastError;

    public int RegisteredFiles => _current.RegisteredFiles;

    public void Registered(DateTimeOffset at, int files) => _current = new(true, at, null, files);

    public void Lost(string error) => _current = _current with { Registered = false, LastError = error };

    private sealed record Snapshot(bool Registered, DateTimeOffset? LastRegisteredAt, string? LastError, int RegisteredFiles);
}
