namespace P2P.Maestro.Directory;

/// <summary>
/// The result of a registration: <see cref="PeerWrite.Done"/> with the entry's lease token (and whether it replaced
/// an earlier entry, and that entry's certificate fingerprint), or why it was refused: <see cref="PeerWrite.NotOwner"/>
/// when a live entry of that id belongs to someone else, <see cref="PeerWrite.IdClaimed"/> (with the fingerprint the id is
/// reserved for), <see cref="PeerWrite.TooManyIds"/> or <see cref="PeerWrite.DirectoryFull"/>.
/// </summary>
public sealed record RegistrationOutcome(PeerWrite Outcome, string? LeaseToken, bool Replaced, string? PreviousFingerprint);
