using System.Text;
using P2P.Contracts.Maestro;
using P2P.Contracts.Security;
using P2P.Peer.Files;

namespace P2P.Peer.Registration;

/// <summary>
/// The lease token the Maestro gave this peer's entry, kept in the shared folder's hidden state folder so that a
/// restarted peer can take its live entry back at once instead of waiting for it to expire.
/// </summary>
public sealed class LeaseStore(SharedFolder folder)
{
    public const string FileName = "lease";

    private readonly string _path = Path.Combine(folder.StateDirectory, FileName);
    private readonly Lock _lock = new();
    private string? _current;
    private bool _loaded;

    /// <summary>The token last issued, or null when this peer has none (first start, or the file was lost).</summary>
    public string? Current
    {
        get
        {
            lock (_lock)
            {
                if (!_loaded)
                {
                    _current = Load();
                    _loaded = true;
                }
                return _current;
            }
        }
    }

    private string? Load()
    {
        try
        {
            // A damaged file would put its bytes into a request header; without a token the peer registers anew.
            return File.Exists(_path) && File.ReadAllText(_path).Trim() is var token && PeerLease.IsValidToken(token) ? token : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Registering without a token works once the old entry has expired.
            return null;
        }
    }

    /// <summary>Keeps a newly issued token; a failure to write it only costs the wait for expiry after a restart.</summary>
    public void Save(string token)
    {
        lock (_lock)
        {
            if (_loaded && _current == token)
            {
                return;
            }
            _current = token;
            _loaded = true;
            try
            {
                StateFile.Write(_path, Encoding.UTF8.GetBytes(token));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Kept in memory: this run goes on; only a restart would have to wait for the entry to expire.
            }
        }
    }
}
