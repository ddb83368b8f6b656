using System.Diagnostics;

namespace P2P.Tests.Integration.Hosts;

/// <summary>Runs <c>ip</c>, <c>tc</c> and <c>kill</c> the way a shell would, and says what failed with the tool's own words.</summary>
public static class SystemCommand
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        using var process = Start(file, arguments);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_limit);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }
        return process.ExitCode == 0 ? await output : throw Failed(file, arguments, process.ExitCode, await error);
    }

    /// <summary>For tear-down, which must work where nothing async can (process exit) and must go on past a failure.</summary>
    public static bool TryRun(string file, params string[] arguments)
    {
        try
        {
            using var process = Start(file, arguments);
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            return process.WaitForExit(s_limit) && process.ExitCode == 0;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return false;
        }
    }

    private static Process Start(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
    }

    private static InvalidOperationException Failed(string file, IEnumerable<string> arguments, int code, string error) =>
        new($"'{file} {string.Join(' ', arguments)}' exited with {code}: {error.Trim()}");
}
