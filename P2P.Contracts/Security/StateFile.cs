namespace P2P.Contracts.Security;

/// <summary>
/// A file a node keeps in its state folder (its certificate, its control token, a peer's lease, the Maestro's id claims):
/// readable by its owner only (0600) from the moment it is created, and read back after a restart. Two processes
/// starting at once agree on the first one written.
/// </summary>
public static class StateFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The options every state file is opened with: a new file, created owner-only, never widened afterwards.</summary>
    public static FileStreamOptions CreateOptions()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }
        return options;
    }

    /// <summary>Replaces <paramref name="path"/> atomically with <paramref name="content"/>, owner-only from its creation.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var temporary = WriteTemporary(path, content);
        try
        {
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public static byte[] ReadOrCreate(string path, Func<byte[]> create)
    {
        if (File.Exists(path))
        {
            return ReadOwnerOnly(path);
        }
        var temporary = WriteTemporary(path, create());
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process of this node won the race: its secret is the one both keep.
            File.Delete(temporary);
        }
        return ReadOwnerOnly(path);
    }

    private static string WriteTemporary(string path, ReadOnlySpan<byte> content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        using var stream = new FileStream(temporary, CreateOptions());
        stream.Write(content);
        stream.Flush(flushToDisk: true);
        return temporary;
    }

    // A secret that others could read is tightened rather than refused: the node's owner copied it with a wide umask.
    private static byte[] ReadOwnerOnly(string path)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
        return File.ReadAllBytes(path);
    }
}
