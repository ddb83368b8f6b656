using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Grpc.Core;
using P2P.Connections;
using P2P.Contracts.Transfer.V1;

namespace P2P.Tests.Integration.Hostile;

/// <summary>
/// A peer run as its own process from a seed-style config.json (its build output, as <c>start_component.sh</c> would
/// run it), on loopback ports of its own and with no Maestro: enough to serve its shared folder, and to be killed.
/// </summary>
public sealed class StandalonePeerProcess : IDisposable
{
    private readonly Process _process;

    private StandalonePeerProcess(Process process, string grpcUrl)
    {
        _process = process;
        GrpcUrl = grpcUrl;
    }

    public string GrpcUrl { get; }

    /// <summary>
    /// Starts a peer sharing <paramref name="sharedDir"/> with <paramref name="settings"/> added to its config, and waits
    /// until it serves <paramref name="file"/>.
    /// </summary>
    public static async Task<StandalonePeerProcess> StartAsync(
        string sharedDir, string file, IReadOnlyDictionary<string, object> settings, TimeSpan within, CancellationToken cancellationToken)
    {
        var (port, grpcPort) = (FreePort(), FreePort());
        var config = new Dictionary<string, object>(settings)
        {
            ["id"] = "K" + grpcPort,
            ["ip"] = "127.0.0.1",
            ["port"] = port,
            ["grpc_port"] = grpcPort,
            ["shared_dir"] = sharedDir,
            ["maestro_url"] = "https://127.0.0.1:1",
            ["network_key"] = TestMembers.Key,
        };
        var configPath = Path.Combine(Path.GetDirectoryName(sharedDir)!, $"config-{grpcPort}.json");
        await File.WriteAllTextAsync(configPath, JsonSerializer.Serialize(config), cancellationToken);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ServiceAssembly.Path("P2P.Peer"));
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configPath);
        start.Environment["OTEL_SDK_DISABLED"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The peer process did not start.");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var peer = new StandalonePeerProcess(process, $"https://127.0.0.1:{grpcPort}");
        try
        {
            await peer.WaitUntilServingAsync(file, within, cancellationToken);
            return peer;
        }
        catch
        {
            peer.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: no shutdown, no goodbye to anyone it was serving.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }
        _process.Dispose();
    }

    private async Task WaitUntilServingAsync(string file, TimeSpan within, CancellationToken cancellationToken)
    {
        using var channels = new PeerChannels(TestMembers.Holding(), TimeProvider.System);
        var client = new FileTransfer.FileTransferClient(channels.For(GrpcUrl));
        var time = TimeProvider.System;
        var deadline = time.GetUtcNow() + within;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The peer process exited with code {_process.ExitCode} before it served '{file}'.");
            }
            try
            {
                await client.GetManifestAsync(
                    new GetManifestRequest { FileName = file }, deadline: time.GetUtcNow().UtcDateTime.AddSeconds(2), cancellationToken: cancellationToken);
                return;
            }
            catch (RpcException) when (time.GetUtcNow() < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
