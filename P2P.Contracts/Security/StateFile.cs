namespace P2P.Contracts.Security;

/// <summary>
/// A secret a node keeps in its state folder (its certificate, its control token): created once, readable by its
/// owner only (0600), and read back after a restart. Two processes starting at once agree on the first one written.
/// </summary>
public static class StateFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static byte[] ReadOrCreate(string path, Func<byte[]> create)
    {
        if (File.Exists(path))
        {
            return ReadOwnerOnly(path);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }
        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(create());
            stream.Flush(flushToDisk: true);
        }
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
