namespace P2P.Peer.Files;

/// <summary>The files feature's services: the shared folder, its scanner, catalog and watcher, and the staging area.</summary>
public static class FilesSetup
{
    public static IHostApplicationBuilder AddFiles(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SharedFolder>();
        builder.Services.AddSingleton<SharedFolderScanner>();
        builder.Services.AddSingleton<FileCatalog>();
        builder.Services.AddSingleton<StagingArea>();
        builder.Services.AddSingleton<StagingSpace>();
        builder.Services.AddHostedService<SharedFolderWatcher>();
        return builder;
    }
}
